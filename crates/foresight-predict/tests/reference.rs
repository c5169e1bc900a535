//! The shipped LSTM in tract against onnxruntime's outputs on the same windows (models/lstm/reference.json,
//! written by models/lstm/make_reference.py): equal within 1e-5.

use foresight_predict::{Predictor, Window};
use serde_json::Value;

const REFERENCE: &str = include_str!("../../../models/lstm/reference.json");

#[test]
fn tract_matches_onnxruntime_on_the_shipped_model() {
    let reference: Value = serde_json::from_str(REFERENCE).expect("reference.json parses");
    let predictor = Predictor::shipped().expect("the shipped model loads");
    let cases = reference["cases"].as_array().expect("cases");
    assert!(cases.len() >= 2, "reference.json has too few cases");
    let mut windows = Vec::new();
    let mut expected = Vec::new();
    for case in cases {
        let rows: Vec<Vec<f32>> = case["window"]
            .as_array()
            .expect("window")
            .iter()
            .map(|row| {
                // Parsed as f32 straight from the decimal, which make_reference.py wrote as the shortest
                // form of the float32 it fed onnxruntime: the same bits on both sides.
                row.as_array().expect("row").iter().map(|v| v.to_string().parse::<f32>().expect("number")).collect()
            })
            .collect();
        windows.push(Window::from_rows(&rows));
        expected.push(case["likelihood"].as_f64().expect("likelihood") as f32);
    }
    // As one batch and window by window: batching must not change a result.
    let batched = predictor.predict(&windows).expect("predicts");
    let mut max_diff = 0.0f32;
    for (i, (w, e)) in windows.iter().zip(&expected).enumerate() {
        let single = predictor.predict(std::slice::from_ref(w)).expect("predicts")[0];
        let diff = (batched[i] - e).abs().max((single - e).abs());
        println!("case {i}: onnxruntime {e:.7}, tract batched {:.7}, alone {single:.7}, |diff| {diff:.2e}", batched[i]);
        max_diff = max_diff.max(diff);
    }
    println!("max |tract - onnxruntime| = {max_diff:.3e} over {} windows", windows.len());
    assert!(max_diff <= 1e-5, "tract differs from onnxruntime by {max_diff:e}");
}

#[test]
fn reference_is_for_the_shipped_model() {
    use sha2::{Digest, Sha256};
    let reference: Value = serde_json::from_str(REFERENCE).expect("reference.json parses");
    let hex: String = Sha256::digest(Predictor::shipped_onnx()).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(reference["model_sha256"].as_str(), Some(hex.as_str()), "run models/lstm/make_reference.py again");
}
