//! Models that do not fit are refused with a typed error, never a panic: garbage bytes, truncated files,
//! wrong shapes and types (tiny ONNX files from tests/fixtures/make_fixtures.py), mapping mismatches.

use foresight_predict::{Feature, InputMapping, Lang, ModelError, PredictError, Predictor, Window, MAX_MODEL_BYTES};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}.onnx", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn mapping() -> InputMapping {
    Predictor::shipped_mapping().expect("the shipped mapping is valid")
}

fn load(name: &str) -> Result<Predictor, ModelError> {
    Predictor::from_onnx(&fixture(name), mapping())
}

fn code(r: Result<Predictor, ModelError>) -> &'static str {
    match r {
        Ok(_) => "accepted",
        Err(e) => {
            // Every error has a message in both languages, and they differ.
            let (zh, en) = (e.message(Lang::ZhCn), e.message(Lang::En));
            assert!(!zh.is_empty() && !en.is_empty() && zh != en, "{e:?}");
            println!("{}: {en} / {zh}", e.code());
            e.code()
        }
    }
}

/// Deterministic pseudo-random bytes (xorshift64*), so the test needs no RNG crate.
fn noise(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed ^= seed >> 12;
            seed ^= seed << 25;
            seed ^= seed >> 27;
            (seed.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
        })
        .collect()
}

#[test]
fn random_bytes_are_not_onnx() {
    for (i, n) in [0usize, 1, 7, 100, 4096, 30_000].into_iter().enumerate() {
        let r = Predictor::from_onnx(&noise(n, 0x9e37_79b9_7f4a_7c15 + i as u64), mapping());
        assert!(r.is_err(), "{n} random bytes were accepted");
    }
    assert_eq!(code(Predictor::from_onnx(b"", mapping())), "not_onnx");
    assert_eq!(code(Predictor::from_onnx(b"PK\x03\x04 not a model at all", mapping())), "not_onnx");
}

#[test]
fn truncated_models_are_refused() {
    let bytes = Predictor::shipped_onnx();
    // Every cut of a small fixture, and a spread of cuts of the shipped model.
    let small = fixture("fits");
    for cut in 0..small.len() {
        assert!(Predictor::from_onnx(&small[..cut], mapping()).is_err(), "fits.onnx cut at {cut} was accepted");
    }
    for k in 0..64 {
        let cut = bytes.len() * k / 64;
        assert!(Predictor::from_onnx(&bytes[..cut], mapping()).is_err(), "shipped model cut at {cut} was accepted");
    }
}

#[test]
fn flipped_bytes_never_panic() {
    // Corruption in the middle of an otherwise valid file: an error or (if the flip hit a weight) a model;
    // never a panic. catch_unwind inside from_onnx is what this leans on for cases no check foresees.
    let bytes = Predictor::shipped_onnx();
    for i in 0..48 {
        let mut b = bytes.to_vec();
        let flips = noise(8, 1 + i as u64);
        for (j, f) in flips.iter().enumerate() {
            let at = (i * 613 + j * 97) % b.len();
            b[at] ^= f | 1;
        }
        let _ = Predictor::from_onnx(&b, mapping());
    }
}

#[test]
fn too_large_is_refused_before_parsing() {
    let big = vec![0u8; MAX_MODEL_BYTES + 1];
    assert_eq!(code(Predictor::from_onnx(&big, mapping())), "model_too_large");
}

#[test]
fn shape_and_type_mismatches_have_their_own_codes() {
    assert_eq!(code(load("wrong_rank")), "input_rank");
    assert_eq!(code(load("wrong_features")), "feature_count");
    assert_eq!(code(load("wrong_window")), "window_mismatch");
    assert_eq!(code(load("fixed_batch")), "batch_dimension");
    assert_eq!(code(load("int_input")), "not_f32");
    assert_eq!(code(load("two_outputs")), "output_count");
    assert_eq!(code(load("two_inputs")), "input_count");
    assert_eq!(code(load("per_step_output")), "output_shape");
    assert_eq!(code(load("not_probability")), "output_not_probability");
    assert_eq!(code(load("unknown_op")), "unsupported_model");
}

#[test]
fn a_fitting_tenant_model_predicts_in_batches() {
    let p = load("fits").expect("fits.onnx fits");
    let m = mapping();
    // A window with every feature at mean + std normalises to all ones: sigmoid(1).
    let row: Vec<f32> = m.features.iter().map(|f| f.mean + f.std).collect();
    let windows = vec![Window::from_rows(&vec![row; m.window]); 2500];
    let out = p.predict(&windows).expect("predicts");
    assert_eq!(out.len(), 2500);
    let expected = 1.0 / (1.0 + (-1.0f32).exp());
    assert!(out.iter().all(|x| (x - expected).abs() < 1e-4), "{}", out[0]);
    assert!(p.predict(&[]).expect("empty batch").is_empty());

    let one = load("fits_batch_one").expect("a model with batch 1 and output [batch] fits");
    let out = one.predict(&windows[..5]).expect("predicts window by window");
    assert_eq!(out.len(), 5);
}

#[test]
fn bad_windows_are_refused() {
    let p = Predictor::shipped().expect("shipped");
    let m = p.mapping().clone();
    let short = Window::from_flat(vec![0.0; m.window_len() - 1]);
    let err = p.predict(&[short]).unwrap_err();
    assert_eq!(err.code(), "window_shape");
    let mut values: Vec<f32> = (0..m.window).flat_map(|_| m.features.iter().map(|f| f.mean)).collect();
    values[m.features.len() * 3 + 2] = f32::NAN;
    let err = p.predict(&[Window::from_flat(values)]).unwrap_err();
    assert_eq!(err, PredictError::NonFinite { index: 0, step: 3, feature: m.features[2].name.clone() });
    assert!(err.message(Lang::ZhCn).contains(&m.features[2].name));
}

#[test]
fn mappings_are_checked() {
    let bytes = Predictor::shipped_onnx();
    let base = mapping();

    let mut m = base.clone();
    m.features.pop();
    assert_eq!(code(Predictor::from_onnx(bytes, m)), "feature_count");

    let mut m = base.clone();
    m.window = 20;
    assert_eq!(code(Predictor::from_onnx(bytes, m)), "window_mismatch");

    let mut m = base.clone();
    m.features[4].name = "  ".into();
    assert_eq!(Predictor::from_onnx(bytes, m).unwrap_err(), ModelError::MappingEmptyName { position: 5 });

    let mut m = base.clone();
    m.features[7].name = m.features[1].name.clone();
    assert_eq!(code(Predictor::from_onnx(bytes, m)), "mapping_duplicate_name");

    let mut m = base.clone();
    m.features[0].std = 0.0;
    assert_eq!(code(Predictor::from_onnx(bytes, m)), "mapping_bad_normalisation");

    let mut m = base.clone();
    m.features.clear();
    assert_eq!(code(Predictor::from_onnx(bytes, m)), "mapping_no_features");

    let mut m = base.clone();
    m.window = 0;
    assert_eq!(code(Predictor::from_onnx(bytes, m)), "mapping_bad_window");

    assert_eq!(InputMapping::from_json("{\"window\": 30}").unwrap_err().code(), "mapping_unparsable");
    let extra = Feature { name: "x".into(), unit: String::new(), source: String::new(), mean: 0.0, std: 1.0 };
    let mut m = base;
    m.features.push(extra);
    assert_eq!(code(Predictor::from_onnx(bytes, m)), "feature_count");
}

#[test]
fn the_shipped_model_gives_probabilities() {
    let p = Predictor::shipped().expect("shipped");
    let m = p.mapping();
    assert_eq!((m.window, m.features.len()), (30, 21));
    let row: Vec<f32> = m.features.iter().map(|f| f.mean).collect();
    let out = p.predict(&[Window::from_rows(&vec![row; m.window])]).expect("predicts");
    assert!((0.0..=1.0).contains(&out[0]));
}
