//! The upload check as the API runs it: model bytes, mapping JSON and the engine's feature names in, a
//! typed error with a stable code out; hostile bytes never panic.

use foresight_predict::upload::check_upload;
use foresight_predict::{Predictor, Window};

const SHIPPED_MAPPING: &[u8] = include_bytes!("../../../models/lstm/mapping.json");

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn known() -> Vec<String> {
    Predictor::shipped_mapping().unwrap().features.into_iter().map(|f| f.name).collect()
}

fn code(onnx: &[u8], mapping: &[u8]) -> &'static str {
    let names = known();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    match check_upload(onnx, mapping, &names) {
        Ok(_) => "accepted",
        Err(e) => e.code(),
    }
}

#[test]
fn a_model_whose_output_is_nan_is_refused_as_non_finite() {
    assert_eq!(code(&fixture("nan_output.onnx"), SHIPPED_MAPPING), "non_finite_output");
}

#[test]
fn a_model_whose_output_is_no_probability_is_refused() {
    assert_eq!(code(&fixture("not_probability.onnx"), SHIPPED_MAPPING), "output_not_probability");
}

#[test]
fn the_constant_fixture_is_accepted_and_predicts_its_constant() {
    let names = known();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let accepted =
        check_upload(&fixture("constant_0875.onnx"), &fixture("constant_0875.mapping.json"), &names).expect("fits");
    let p = accepted.predictor;
    let out = p.predict(&vec![Window::from_flat(vec![0.0, 1.0, 1.0, 9.0]); 3]).expect("predicts");
    assert_eq!(out, vec![0.875; 3]);
}

#[test]
fn hostile_bytes_are_refused_without_panicking() {
    let shipped = Predictor::shipped_onnx();
    for cut in [0, 1, 16, shipped.len() / 3, shipped.len() / 2, shipped.len() - 1] {
        assert_ne!(code(&shipped[..cut], SHIPPED_MAPPING), "accepted", "cut at {cut}");
    }
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for n in [3usize, 64, 1000, 50_000] {
        let bytes: Vec<u8> = (0..n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 56) as u8
            })
            .collect();
        assert_ne!(code(&bytes, SHIPPED_MAPPING), "accepted", "{n} random bytes");
    }
    assert_eq!(code(b"", SHIPPED_MAPPING), "not_onnx");
}

#[test]
fn shape_mismatches_against_the_declared_mapping_have_their_codes() {
    // The 2 x 2 mapping against the shipped 30 x 21 model: the window is checked first.
    assert_eq!(code(Predictor::shipped_onnx(), &fixture("constant_0875.mapping.json")), "window_mismatch");
    assert_eq!(code(&fixture("wrong_features.onnx"), SHIPPED_MAPPING), "feature_count");
    assert_eq!(code(&fixture("unknown_op.onnx"), SHIPPED_MAPPING), "unsupported_model");
    assert_eq!(code(Predictor::shipped_onnx(), b"{\"window\": 30"), "mapping_unparsable");
}
