//! The incident predictor as the cycle sees it: windows of zone features in, one likelihood per zone out.
//! Behind a trait so tests and deployments without the model run the cycle with the prior instead.

use crate::inputs::ZoneLive;
use foresight_predict::{Predictor, Window};
use std::collections::HashMap;

/// Predicts a near-term incident likelihood per zone from its feature rows.
pub trait Likelihood: Send + Sync {
    /// One likelihood in [0, 1] per zone, or None when the zone cannot be predicted (the fusion then
    /// treats the likelihood as the prior: no evidence either way).
    fn predict(&self, zones: &[ZoneLive]) -> Vec<Option<f64>>;
}

/// No predictor: every zone at the prior.
#[derive(Debug, Default)]
pub struct NoPredictor;

impl Likelihood for NoPredictor {
    fn predict(&self, zones: &[ZoneLive]) -> Vec<Option<f64>> {
        vec![None; zones.len()]
    }
}

/// An ONNX predictor (the shipped LSTM by default) fed the last `window` minutes of each zone.
pub struct OnnxLikelihood {
    predictor: Predictor,
}

impl std::fmt::Debug for OnnxLikelihood {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OnnxLikelihood").field("predictor", &self.predictor).finish()
    }
}

impl OnnxLikelihood {
    /// The shipped LSTM (models/lstm), embedded in the binary.
    pub fn shipped() -> Result<OnnxLikelihood, foresight_predict::ModelError> {
        Ok(OnnxLikelihood { predictor: Predictor::shipped()? })
    }

    pub fn new(predictor: Predictor) -> OnnxLikelihood {
        OnnxLikelihood { predictor }
    }

    /// The window of one zone: the mapping's features (missing ones 0) over its last `window` minutes.
    pub fn window(&self, rows: &[HashMap<&'static str, f64>]) -> Option<Window> {
        let mapping = self.predictor.mapping();
        if rows.len() < mapping.window {
            return None;
        }
        let mut values = Vec::with_capacity(mapping.window_len());
        for row in &rows[rows.len() - mapping.window..] {
            for feature in &mapping.features {
                let v = row.get(feature.name.as_str()).copied().unwrap_or(0.0);
                values.push(if v.is_finite() { v as f32 } else { 0.0 });
            }
        }
        Some(Window::from_flat(values))
    }

    pub fn predictor(&self) -> &Predictor {
        &self.predictor
    }
}

impl Likelihood for OnnxLikelihood {
    fn predict(&self, zones: &[ZoneLive]) -> Vec<Option<f64>> {
        let windows: Vec<Option<Window>> = zones.iter().map(|z| self.window(&z.rows)).collect();
        let batch: Vec<Window> = windows.iter().flatten().cloned().collect();
        let predicted = match self.predictor.predict(&batch) {
            Ok(p) => p,
            Err(e) => {
                tracing::warn!(error = %e, "incident predictor failed; zones use the prior this cycle");
                return vec![None; zones.len()];
            }
        };
        let mut next = predicted.into_iter();
        windows.iter().map(|w| w.as_ref().and_then(|_| next.next()).map(f64::from).filter(|p| p.is_finite())).collect()
    }
}
