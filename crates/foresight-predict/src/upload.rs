//! Accepting a tenant's model upload: the size limit, the declared mapping (parsed, and every feature one
//! the caller can compute), then the model itself against the mapping (see [`Predictor::from_onnx`]:
//! protobuf checks, tract loading, one trial prediction). Everything the upload path needs to refuse a
//! model with a typed, stable code before anything is stored.

use crate::{InputMapping, ModelError, Predictor, MAX_MODEL_BYTES};

/// Largest mapping document accepted. The shipped one (21 features with units and sources) is 5 KiB; a
/// megabyte of JSON is no mapping anybody wrote by hand, and parsing it must stay cheap.
pub const MAX_MAPPING_BYTES: usize = 1 << 20;

/// A model that passed every check, ready to store and to predict.
#[derive(Debug)]
pub struct Accepted {
    pub predictor: Predictor,
}

impl Accepted {
    pub fn mapping(&self) -> &InputMapping {
        self.predictor.mapping()
    }
}

/// Checks an upload: `onnx` (the model file), `mapping_json` (its declared input mapping, the form of
/// models/lstm/mapping.json) and `known` (the feature names the caller can produce for a window; a
/// mapping naming anything else could never be fed). Cheap checks run first, so an oversized or
/// mistyped upload is refused before tract parses a byte. Never panics, whatever the bytes.
pub fn check_upload(onnx: &[u8], mapping_json: &[u8], known: &[&str]) -> Result<Accepted, ModelError> {
    if onnx.len() > MAX_MODEL_BYTES {
        return Err(ModelError::TooLarge { size: onnx.len(), max: MAX_MODEL_BYTES });
    }
    let mapping = parse_mapping(mapping_json)?;
    check_features(&mapping, known)?;
    Ok(Accepted { predictor: Predictor::from_onnx(onnx, mapping)? })
}

/// Parses and validates a mapping document (UTF-8 JSON, at most [`MAX_MAPPING_BYTES`]).
pub fn parse_mapping(json: &[u8]) -> Result<InputMapping, ModelError> {
    if json.len() > MAX_MAPPING_BYTES {
        let detail = format!("{} bytes, at most {MAX_MAPPING_BYTES}", json.len());
        return Err(ModelError::MappingUnparsable { detail });
    }
    let text = std::str::from_utf8(json).map_err(|e| ModelError::MappingUnparsable { detail: e.to_string() })?;
    InputMapping::from_json(text)
}

/// Every feature of the mapping must be one of `known`; the first that is not is the error.
pub fn check_features(mapping: &InputMapping, known: &[&str]) -> Result<(), ModelError> {
    match mapping.features.iter().enumerate().find(|(_, f)| !known.contains(&f.name.trim())) {
        Some((i, f)) => {
            Err(ModelError::UnknownFeature { name: f.name.clone(), position: i + 1, known: known.join(", ") })
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED_MAPPING: &[u8] = include_bytes!("../../../models/lstm/mapping.json");

    fn known() -> Vec<String> {
        Predictor::shipped_mapping().unwrap().features.into_iter().map(|f| f.name).collect()
    }

    #[test]
    fn the_shipped_model_is_accepted_as_an_upload() {
        let names = known();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let accepted = check_upload(Predictor::shipped_onnx(), SHIPPED_MAPPING, &names).expect("accepted");
        assert_eq!(accepted.mapping().window, 30);
    }

    #[test]
    fn a_feature_the_engine_cannot_compute_is_named() {
        let names = known();
        let names: Vec<&str> = names.iter().map(String::as_str).filter(|n| *n != "raining").collect();
        let err = check_upload(Predictor::shipped_onnx(), SHIPPED_MAPPING, &names).unwrap_err();
        assert_eq!(err.code(), "unknown_feature");
        assert!(matches!(&err, ModelError::UnknownFeature { name, position: 21, .. } if name == "raining"), "{err:?}");
    }

    #[test]
    fn mappings_that_are_not_json_or_too_big_are_unparsable() {
        for bad in [&b"{"[..], b"[]", b"\xff\xfe", b"{\"window\": \"thirty\", \"features\": []}"] {
            assert_eq!(parse_mapping(bad).unwrap_err().code(), "mapping_unparsable");
        }
        let big = vec![b' '; MAX_MAPPING_BYTES + 1];
        assert_eq!(parse_mapping(&big).unwrap_err().code(), "mapping_unparsable");
    }

    #[test]
    fn size_is_checked_before_the_mapping() {
        let big = vec![0u8; MAX_MODEL_BYTES + 1];
        assert_eq!(check_upload(&big, b"not json", &[]).unwrap_err().code(), "model_too_large");
    }
}
