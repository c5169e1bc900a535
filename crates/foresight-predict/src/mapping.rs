//! The declared input of a predictor: which features, in which order and units, how each is normalised,
//! and how many time steps a window holds; and [`Window`], one input window of raw values.

use crate::error::ModelError;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// One input feature of a model, as its owner declares it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feature {
    /// Stable name, unique in the mapping (e.g. `gas_max_ratio`).
    pub name: String,
    /// Unit of the raw value (`°C`, `MPa`, `1`, `count`, ...).
    #[serde(default)]
    pub unit: String,
    /// Where the value comes from, for people (which devices and properties, how they are folded).
    #[serde(default)]
    pub source: String,
    /// The model sees `(raw - mean) / std`.
    pub mean: f32,
    pub std: f32,
}

/// A model's declared input: `window` time steps (oldest first) of `features`, in the model's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputMapping {
    pub window: usize,
    /// Seconds between two steps of a window (informational: the caller builds the windows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_seconds: Option<u32>,
    /// How far ahead the model's likelihood looks (informational).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon_minutes: Option<u32>,
    pub features: Vec<Feature>,
}

impl InputMapping {
    /// Parses a mapping from JSON (the form of models/lstm/mapping.json) and validates it.
    pub fn from_json(json: &str) -> Result<InputMapping, ModelError> {
        let mapping: InputMapping =
            serde_json::from_str(json).map_err(|e| ModelError::MappingUnparsable { detail: e.to_string() })?;
        mapping.validate()?;
        Ok(mapping)
    }

    /// Checks the mapping on its own (the model is checked against it by [`crate::Predictor::from_onnx`]).
    pub fn validate(&self) -> Result<(), ModelError> {
        if self.window == 0 || self.window > crate::MAX_WINDOW {
            return Err(ModelError::MappingBadWindow { window: self.window });
        }
        if self.features.is_empty() {
            return Err(ModelError::MappingNoFeatures);
        }
        let mut seen = HashSet::new();
        for (i, f) in self.features.iter().enumerate() {
            let name = f.name.trim();
            if name.is_empty() {
                return Err(ModelError::MappingEmptyName { position: i + 1 });
            }
            if !seen.insert(name) {
                return Err(ModelError::MappingDuplicateName { name: name.to_owned() });
            }
            if !f.mean.is_finite() || !f.std.is_finite() || f.std <= 0.0 {
                return Err(ModelError::MappingBadNormalisation { name: name.to_owned() });
            }
        }
        Ok(())
    }

    /// Values in one window: `window × features`.
    pub fn window_len(&self) -> usize {
        self.window * self.features.len()
    }
}

/// One input window of raw (not normalised) values: `window` steps, oldest first, each holding the
/// mapping's features in order, flattened row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    values: Vec<f32>,
}

impl Window {
    /// From values already laid out step by step (`values[step * features + feature]`).
    pub fn from_flat(values: Vec<f32>) -> Window {
        Window { values }
    }

    /// From one row per step, oldest first.
    pub fn from_rows<R: AsRef<[f32]>>(rows: &[R]) -> Window {
        Window { values: rows.iter().flat_map(|r| r.as_ref().iter().copied()).collect() }
    }

    pub fn values(&self) -> &[f32] {
        &self.values
    }
}
