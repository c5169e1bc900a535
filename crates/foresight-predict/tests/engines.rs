//! The two engines agree: the shipped LSTM on the native kernel equals tract and onnxruntime's outputs
//! (models/lstm/reference.json) within 1e-5, on the reference windows and on random windows at batch sizes
//! 1, 7, 66 and 1,000; a tenant model of another shape runs on tract.

use foresight_predict::{Engine, InputMapping, Predictor, Window};
use serde_json::Value;

const REFERENCE: &str = include_str!("../../../models/lstm/reference.json");
const TOLERANCE: f32 = 1e-5;

fn max_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max)
}

/// `n` windows of raw values around each feature's mean (± 3 std), deterministic (xorshift).
fn random_windows(mapping: &InputMapping, n: usize, mut seed: u64) -> Vec<Window> {
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 40) as f32 / (1u64 << 24) as f32 * 6.0 - 3.0
    };
    (0..n)
        .map(|_| {
            let values = (0..mapping.window)
                .flat_map(|_| mapping.features.iter().map(|f| f.mean + f.std * next()).collect::<Vec<_>>())
                .collect();
            Window::from_flat(values)
        })
        .collect()
}

/// Both engines on `windows` in batches of `batch`.
fn both(p: &Predictor, windows: &[Window], batch: usize) -> (Vec<f32>, Vec<f32>) {
    let (mut native, mut tract) = (Vec::new(), Vec::new());
    for chunk in windows.chunks(batch) {
        native.extend(p.predict_on(Engine::NativeLstm, chunk).expect("native predicts"));
        tract.extend(p.predict_on(Engine::Tract, chunk).expect("tract predicts"));
    }
    (native, tract)
}

#[test]
fn the_shipped_model_runs_natively_and_matches_onnxruntime() {
    let p = Predictor::shipped().expect("the shipped model loads");
    assert_eq!(p.engine(), Engine::NativeLstm);
    let reference: Value = serde_json::from_str(REFERENCE).expect("reference.json parses");
    let mut windows = Vec::new();
    let mut expected = Vec::new();
    for case in reference["cases"].as_array().expect("cases") {
        let rows: Vec<Vec<f32>> = case["window"]
            .as_array()
            .expect("window")
            .iter()
            .map(|row| row.as_array().expect("row").iter().map(|v| v.to_string().parse().expect("number")).collect())
            .collect();
        windows.push(Window::from_rows(&rows));
        expected.push(case["likelihood"].as_f64().expect("likelihood") as f32);
    }
    for batch in [1, 3, windows.len()] {
        let (native, tract) = both(&p, &windows, batch);
        let (n_ort, t_ort, n_t) =
            (max_diff(&native, &expected), max_diff(&tract, &expected), max_diff(&native, &tract));
        println!(
            "reference, batch {batch}: |native-ort| {n_ort:.2e}, |tract-ort| {t_ort:.2e}, |native-tract| {n_t:.2e}"
        );
        assert!(n_ort < TOLERANCE && t_ort < TOLERANCE && n_t < TOLERANCE);
    }
    assert_eq!(p.predict(&windows).expect("predicts"), p.predict_on(Engine::NativeLstm, &windows).expect("native"));
}

#[test]
fn the_engines_agree_on_random_windows() {
    let p = Predictor::shipped().expect("the shipped model loads");
    let windows = random_windows(p.mapping(), 1000, 0x2545_f491_4f6c_dd1d);
    // 66: a block of 64 windows (matrix products) and a tail of 2 (rows of multiply-adds) in one call.
    for (batch, n) in [(1, 200), (7, 200), (66, 200), (1000, 1000)] {
        let (native, tract) = both(&p, &windows[..n], batch);
        let diff = max_diff(&native, &tract);
        let spread = native.iter().fold((1.0f32, 0.0f32), |(lo, hi), &x| (lo.min(x), hi.max(x)));
        println!("{n} random windows, batch {batch}: max |native - tract| {diff:.2e}, outputs in {spread:?}");
        assert!(diff < TOLERANCE, "batch {batch}: {diff:e}");
    }
}

#[test]
fn a_tenant_model_of_another_shape_runs_on_tract() {
    let path = format!("{}/tests/fixtures/fits.onnx", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("fits.onnx");
    let p = Predictor::from_onnx(&bytes, Predictor::shipped_mapping().expect("mapping")).expect("fits");
    assert_eq!(p.engine(), Engine::Tract);
    let windows = random_windows(p.mapping(), 3, 7);
    assert_eq!(p.predict(&windows).expect("predicts"), p.predict_on(Engine::Tract, &windows).expect("tract"));
    let err = p.predict_on(Engine::NativeLstm, &windows).unwrap_err();
    assert_eq!(err.code(), "inference_failed");
}
