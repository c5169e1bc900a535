//! Which incident predictor a site's cycle uses: the site's active uploaded model, else the tenant-wide
//! active one, else the engine's default (the shipped LSTM). Uploaded models are compiled once per
//! process and kept by id, so a cycle every 15 s does not re-parse their bytes; a model that no longer
//! loads leaves its zones at the prior likelihood, with a warning, instead of failing the cycle.

use crate::predictor::{Likelihood, NoPredictor, OnnxLikelihood};
use foresight_predict::{InputMapping, Predictor};
use foresight_store::predictor_models::{self, ActiveModel};
use foresight_store::zone_risk::ZoneRisk;
use serde_json::json;
use sqlx::PgConnection;
use std::sync::{Arc, Mutex, OnceLock};
use uuid::Uuid;

/// Compiled models kept per process. Tenants rarely have more than a model per site and a site rarely
/// changes its model, so a few dozen cover a node; a compiled model costs about its file size again.
const CACHE_SIZE: usize = 64;

/// A compiled uploaded model, or the fact that it would not load (remembered, so a broken model is
/// parsed and warned about once per process, not every cycle).
type Compiled = Option<Arc<OnnxLikelihood>>;

/// Process-wide, keyed by `predictor_model_id`: rows never change once stored (a corrected model is a new
/// version with a new id), and ids only reach the cache from a query that row-level security filtered for
/// the cycle's tenant, so sharing one cache between tenants and between callers of `run_site` is safe.
fn cache() -> &'static Mutex<Vec<(Uuid, Compiled)>> {
    static CACHE: OnceLock<Mutex<Vec<(Uuid, Compiled)>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(Vec::new()))
}

/// The uploaded model a site's cycle uses, with its compiled predictor (None: it would not load).
pub struct SiteModel {
    pub model: ActiveModel,
    compiled: Compiled,
}

impl std::fmt::Debug for SiteModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteModel").field("model", &self.model).field("loaded", &self.compiled.is_some()).finish()
    }
}

impl SiteModel {
    /// The predictor to run: the compiled model, or the prior for every zone when it did not load.
    pub fn likelihood(&self) -> &dyn Likelihood {
        match &self.compiled {
            Some(p) => p.as_ref(),
            None => &NoPredictor,
        }
    }

    /// Names the model in each zone's stored inputs (`inputs.predictor`), so the drill-down and a replay
    /// show which model gave the likelihood.
    pub fn annotate(&self, rows: &mut [ZoneRisk]) {
        let note = json!({
            "source": "uploaded",
            "predictor_model_id": self.model.predictor_model_id,
            "name": self.model.name,
            "version": self.model.version,
            "scope": if self.model.site_id.is_some() { "site" } else { "tenant" },
            "loaded": self.compiled.is_some(),
        });
        for row in rows {
            if let Some(inputs) = row.inputs.as_object_mut() {
                inputs.insert("predictor".to_owned(), note.clone());
            }
        }
    }
}

/// The site's active uploaded model, compiled (from the cache, or now), or None when the site has none.
pub async fn for_site(conn: &mut PgConnection, site_id: Uuid) -> Result<Option<SiteModel>, sqlx::Error> {
    let Some(model) = predictor_models::active_for_site(&mut *conn, site_id).await? else {
        return Ok(None);
    };
    let id = model.predictor_model_id;
    if let Some(compiled) = cached(id) {
        return Ok(Some(SiteModel { model, compiled }));
    }
    let Some((onnx, mapping)) = predictor_models::load(conn, id).await? else {
        return Ok(None);
    };
    let compiled = blocking(|| compile(id, &onnx, mapping));
    remember(id, compiled.clone());
    Ok(Some(SiteModel { model, compiled }))
}

fn cached(id: Uuid) -> Option<Compiled> {
    // A poisoned lock only means a thread panicked holding it; the list itself is still sound.
    let mut entries = cache().lock().unwrap_or_else(|p| p.into_inner());
    let i = entries.iter().position(|(k, _)| *k == id)?;
    let entry = entries.remove(i);
    let compiled = entry.1.clone();
    entries.push(entry);
    Some(compiled)
}

fn remember(id: Uuid, compiled: Compiled) {
    let mut entries = cache().lock().unwrap_or_else(|p| p.into_inner());
    entries.retain(|(k, _)| *k != id);
    if entries.len() >= CACHE_SIZE {
        entries.remove(0);
    }
    entries.push((id, compiled));
}

/// Loads a stored model. It passed the same checks at upload; this fails only if the engine changed since
/// (a new tract refusing an operator) or the row was edited behind Foresight's back.
fn compile(id: Uuid, onnx: &[u8], mapping: serde_json::Value) -> Compiled {
    let loaded = serde_json::from_value::<InputMapping>(mapping)
        .map_err(|e| foresight_predict::ModelError::MappingUnparsable { detail: e.to_string() })
        .and_then(|m| Predictor::from_onnx(onnx, m));
    match loaded {
        Ok(p) => Some(Arc::new(OnnxLikelihood::new(p))),
        Err(e) => {
            tracing::warn!(predictor_model = %id, error = %e, "an uploaded incident predictor no longer loads; its zones use the prior likelihood");
            None
        }
    }
}

/// Compiling takes milliseconds to a few hundred (tract optimises the graph); on a multi-threaded runtime
/// the worker thread is handed over meanwhile, like the prediction itself.
fn blocking<T>(f: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(f),
        _ => f(),
    }
}
