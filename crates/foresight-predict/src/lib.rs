//! Incident-likelihood predictors: ONNX models run with tract (or, for the shipped model's shape, a native
//! LSTM kernel), checked against their declared [`InputMapping`] before they are accepted.
//!
//! A predictor takes windows of recent zone telemetry (`window` steps × the mapping's features, raw values
//! that it normalises with the mapping's mean/std) and gives, per window, the likelihood that an incident
//! is under way in the zone within the model's horizon. Foresight ships one, [`Predictor::shipped`]: an
//! LSTM trained on the demo plant simulator (models/lstm/MODEL_CARD.md); tenants may upload their own.
//!
//! A model that does not fit is refused with a typed [`ModelError`], never a panic: the file is checked as
//! ONNX protobuf first (size, inputs, outputs, types, shapes against the mapping), then tract loads and
//! optimises it, then a trial prediction runs. tract runs on the calling thread (its multithreaded matrix
//! products are behind a cargo feature this crate does not enable).
//!
//! Two engines: tract runs any model that passes the checks and is the reference; a model whose graph is
//! exactly one forward ONNX `LSTM` read out by a linear layer and a sigmoid (the shipped model's shape, see
//! `native.rs`) also gets a native kernel, many times faster than tract's general translation of the LSTM
//! (BENCHMARKS.md, "Shipped LSTM"). The kernel is used only if it agrees with tract on trial windows at load;
//! [`Predictor::engine`] says which engine predicts.
//!
//! No IO, no async: callers on an async runtime run [`Predictor::predict`] in a blocking task.

mod error;
mod mapping;
mod native;
pub mod upload;

pub use error::{Lang, ModelError, PredictError};
pub use mapping::{Feature, InputMapping, Window};

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};
use tract_onnx::pb;
use tract_onnx::prelude::*;

/// Largest model file accepted. The shipped LSTM is about 25 KiB; a 20 MiB zone model would already be
/// far too slow for a heat map every 15 s.
pub const MAX_MODEL_BYTES: usize = 20 * 1024 * 1024;
/// Longest window a mapping may declare (a day of minutes).
pub const MAX_WINDOW: usize = 1440;
/// Windows run through the model at once; larger batches are split so memory stays bounded.
pub const MAX_BATCH: usize = 1024;

/// The shipped model and its mapping, embedded so the binary needs no file at run time.
const SHIPPED_ONNX: &[u8] = include_bytes!("../../../models/lstm/model.onnx");
const SHIPPED_MAPPING: &str = include_str!("../../../models/lstm/mapping.json");

type Plan = TypedSimplePlan<TypedModel>;

/// A plan for one batch size. (Run states are not kept between calls: tract's are not `Send`, and a
/// predictor must be shareable between the server's threads; making one costs about a fifth of a
/// one-window call.)
struct Cached {
    size: usize,
    plan: Arc<Plan>,
}

/// Plans kept per batch size; a site's heat map uses one or two sizes, so a few suffice.
const PLAN_CACHE: usize = 8;

/// Which engine runs a predictor's model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Engine {
    /// tract: any model that passed the checks.
    Tract,
    /// The native kernel for a single forward LSTM with a linear read-out and a sigmoid (the shipped shape).
    NativeLstm,
}

impl Engine {
    /// Stable name: `tract` or `native_lstm`.
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Tract => "tract",
            Engine::NativeLstm => "native_lstm",
        }
    }
}

impl std::fmt::Display for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Largest difference between the native kernel and tract on the trial windows for the kernel to be used
/// (they differ by about 1e-7 on the shipped model: rounding, summation order, the kernel's exp).
const NATIVE_TOLERANCE: f32 = 1e-5;

/// A loaded, validated model ready to predict. Cheap to share: `predict` takes `&self`.
pub struct Predictor {
    mapping: InputMapping,
    /// The model as parsed, before shapes are fixed.
    model: InferenceModel,
    /// The model's batch dimension is fixed to 1: windows run one by one.
    batch_of_one: bool,
    /// Runnable plans per batch size, most recently used last. The batch is made concrete before tract
    /// types the model: tract 0.22 translates an ONNX LSTM without initial state only for a known batch
    /// size, and a plan with concrete shapes is faster anyway (the optimiser picks kernels for the real
    /// sizes).
    plans: Mutex<Vec<Cached>>,
    /// The native kernel, when the graph has its shape and it agreed with tract at load.
    native: Option<native::NativeLstm>,
}

impl std::fmt::Debug for Predictor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Predictor")
            .field("window", &self.mapping.window)
            .field("features", &self.mapping.features.len())
            .field("batch_of_one", &self.batch_of_one)
            .field("engine", &self.engine())
            .finish()
    }
}

/// What the ONNX file declares about its one input.
struct DeclaredInput {
    batch: Option<i64>,
}

impl Predictor {
    /// Loads an ONNX model and checks it against `mapping`. See the crate documentation for the checks.
    pub fn from_onnx(bytes: &[u8], mapping: InputMapping) -> Result<Predictor, ModelError> {
        mapping.validate()?;
        if bytes.len() > MAX_MODEL_BYTES {
            return Err(ModelError::TooLarge { size: bytes.len(), max: MAX_MODEL_BYTES });
        }
        // tract's ONNX parser, type inference and optimiser are a large body of code written for models
        // people trust; a tenant's upload is not one. Their errors come back as `Err`, but an assertion or
        // an index out of bounds deep inside on adversarial input would unwind through the server's
        // request thread. The explicit checks before and after handle every case we know; this is the
        // last line of defence so that an unknown one is a refused model, not a crashed request.
        let loaded = catch_unwind(AssertUnwindSafe(|| load(bytes, &mapping)));
        let (model, batch_of_one, plan, native) = match loaded {
            Ok(result) => result?,
            Err(panic) => return Err(ModelError::Unsupported { detail: panic_text(&panic) }),
        };
        let plans = Mutex::new(vec![Cached { size: 1, plan: Arc::new(plan) }]);
        let mut predictor = Predictor { mapping, model, batch_of_one, plans, native: None };
        predictor.probe()?;
        if let Some(kernel) = native {
            predictor.native = Some(kernel);
            if !predictor.native_agrees() {
                predictor.native = None;
            }
        }
        Ok(predictor)
    }

    /// The LSTM Foresight ships (models/lstm), embedded in the binary.
    pub fn shipped() -> Result<Predictor, ModelError> {
        Predictor::from_onnx(SHIPPED_ONNX, Predictor::shipped_mapping()?)
    }

    /// The input mapping of the shipped model (models/lstm/mapping.json).
    pub fn shipped_mapping() -> Result<InputMapping, ModelError> {
        InputMapping::from_json(SHIPPED_MAPPING)
    }

    /// The bytes of the shipped model (models/lstm/model.onnx).
    pub fn shipped_onnx() -> &'static [u8] {
        SHIPPED_ONNX
    }

    pub fn mapping(&self) -> &InputMapping {
        &self.mapping
    }

    /// The engine [`predict`](Self::predict) uses: the native kernel when the model has its shape, else tract.
    pub fn engine(&self) -> Engine {
        if self.native.is_some() {
            Engine::NativeLstm
        } else {
            Engine::Tract
        }
    }

    /// Like [`predict`](Self::predict), on a chosen engine: tract always works (it is the reference the
    /// native kernel is compared with); [`Engine::NativeLstm`] fails with `inference_failed` on a model
    /// that does not have its shape.
    pub fn predict_on(&self, engine: Engine, batch: &[Window]) -> Result<Vec<f32>, PredictError> {
        if engine == Engine::NativeLstm && self.native.is_none() {
            return Err(PredictError::Inference { detail: "no native kernel for this model".into() });
        }
        self.predict_with(engine, batch)
    }

    /// One likelihood (0 to 1) per window, in order. Windows hold raw values; they are normalised here.
    /// An empty batch gives an empty result.
    pub fn predict(&self, batch: &[Window]) -> Result<Vec<f32>, PredictError> {
        self.predict_with(self.engine(), batch)
    }

    fn predict_with(&self, engine: Engine, batch: &[Window]) -> Result<Vec<f32>, PredictError> {
        let expected = self.mapping.window_len();
        let nf = self.mapping.features.len();
        for (index, w) in batch.iter().enumerate() {
            let v = w.values();
            if v.len() != expected {
                return Err(PredictError::WindowShape { index, expected, found: v.len() });
            }
            if let Some(pos) = v.iter().position(|x| !x.is_finite()) {
                let feature = self.mapping.features[pos % nf].name.clone();
                return Err(PredictError::NonFinite { index, step: pos / nf, feature });
            }
        }
        let chunk = if self.batch_of_one { 1 } else { MAX_BATCH };
        let mut out = Vec::with_capacity(batch.len());
        for (c, windows) in batch.chunks(chunk).enumerate() {
            let first = c * chunk;
            let likelihoods = self.run(engine, windows)?;
            for (i, p) in likelihoods.into_iter().enumerate() {
                // Written so that NaN fails too.
                if !(0.0..=1.0).contains(&p) {
                    return Err(PredictError::NotProbability { index: first + i, value: p });
                }
                out.push(p);
            }
        }
        Ok(out)
    }

    /// Runs one chunk: normalise into one `[n, window, features]` tensor, run, read `n` outputs.
    fn run(&self, engine: Engine, windows: &[Window]) -> Result<Vec<f32>, PredictError> {
        let (w, nf) = (self.mapping.window, self.mapping.features.len());
        let mut data = Vec::with_capacity(windows.len() * w * nf);
        for win in windows {
            for row in win.values().chunks_exact(nf) {
                for (x, f) in row.iter().zip(&self.mapping.features) {
                    data.push((x - f.mean) / f.std);
                }
            }
        }
        if let (Engine::NativeLstm, Some(kernel)) = (engine, &self.native) {
            let values = kernel.run(&data);
            if values.len() != windows.len() {
                let detail = format!("native kernel: {} outputs for {} windows", values.len(), windows.len());
                return Err(PredictError::Inference { detail });
            }
            return Ok(values);
        }
        let failed = |e: TractError| PredictError::Inference { detail: format!("{e:#}") };
        let input = Tensor::from_shape(&[windows.len(), w, nf], &data).map_err(failed)?;
        let plan = self.plan(windows.len())?;
        // The model was checked and probed at load; this guards a panic on some input we did not probe.
        let result = catch_unwind(AssertUnwindSafe(|| plan.run(tvec!(input.into()))));
        let outputs = match result {
            Ok(r) => r.map_err(failed)?,
            Err(panic) => return Err(PredictError::Inference { detail: panic_text(&panic) }),
        };
        let values = outputs[0].as_slice::<f32>().map_err(failed)?;
        if values.len() != windows.len() {
            return Err(PredictError::Inference {
                detail: format!("{} outputs for {} windows", values.len(), windows.len()),
            });
        }
        Ok(values.to_vec())
    }

    /// The plan for batches of `n`, from the cache or made now (a new batch size costs a few
    /// milliseconds: tract types and optimises the model for it).
    fn plan(&self, n: usize) -> Result<Arc<Plan>, PredictError> {
        {
            // A poisoned lock only means another thread panicked while holding it; the cache is still sound.
            let mut plans = self.plans.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(i) = plans.iter().position(|c| c.size == n) {
                let entry = plans.remove(i);
                let plan = entry.plan.clone();
                plans.push(entry);
                return Ok(plan);
            }
        }
        let failed = |e: TractError| PredictError::Inference { detail: format!("{e:#}") };
        let make = || optimized_for(&self.model, &self.mapping, n)?.into_runnable();
        let plan = match catch_unwind(AssertUnwindSafe(make)) {
            Ok(r) => Arc::new(r.map_err(failed)?),
            Err(panic) => return Err(PredictError::Inference { detail: panic_text(&panic) }),
        };
        let mut plans = self.plans.lock().unwrap_or_else(|p| p.into_inner());
        if plans.len() >= PLAN_CACHE {
            plans.remove(0);
        }
        plans.push(Cached { size: n, plan: plan.clone() });
        Ok(plan)
    }

    /// A trial run on neutral windows (every feature at its mean), two at once where the batch may vary,
    /// so a model that loads but cannot run is refused at upload rather than at its first heat map.
    fn probe(&self) -> Result<(), ModelError> {
        let row: Vec<f32> = self.mapping.features.iter().map(|f| f.mean).collect();
        let window = Window::from_rows(&vec![row; self.mapping.window]);
        let n = if self.batch_of_one { 1 } else { 2 };
        match self.predict(&vec![window; n]) {
            Ok(_) => Ok(()),
            Err(PredictError::NotProbability { value, .. }) if !value.is_finite() => {
                Err(ModelError::NonFiniteOutput { value })
            }
            Err(PredictError::NotProbability { value, .. }) => Err(ModelError::OutputNotProbability { value }),
            Err(e) => Err(ModelError::ProbeFailed { detail: e.message(Lang::En) }),
        }
    }

    /// Whether the native kernel gives tract's results on trial windows: the neutral one and a few spread
    /// over ± 3 std of every feature (deterministic). A kernel that disagrees is dropped, not an error.
    fn native_agrees(&self) -> bool {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 40) as f32 / (1u64 << 24) as f32 * 6.0 - 3.0
        };
        let mut windows =
            vec![Window::from_rows(&vec![
                self.mapping.features.iter().map(|f| f.mean).collect::<Vec<f32>>();
                self.mapping.window
            ])];
        for _ in 0..4 {
            let values = (0..self.mapping.window)
                .flat_map(|_| self.mapping.features.iter().map(|f| f.mean + f.std * next()).collect::<Vec<_>>())
                .collect();
            windows.push(Window::from_flat(values));
        }
        let (Ok(tract), Ok(native)) =
            (self.predict_with(Engine::Tract, &windows), self.predict_with(Engine::NativeLstm, &windows))
        else {
            return false;
        };
        tract.iter().zip(&native).all(|(a, b)| (a - b).abs() <= NATIVE_TOLERANCE)
    }
}

/// Decodes and checks the protobuf, then has tract load the model and type and optimise it for a batch
/// of one, which must give one float per window.
/// Also recognises the native kernel's shape in the graph (see `native.rs`).
fn load(
    bytes: &[u8],
    mapping: &InputMapping,
) -> Result<(InferenceModel, bool, Plan, Option<native::NativeLstm>), ModelError> {
    let onnx = tract_onnx::onnx();
    let proto =
        onnx.proto_model_for_read(&mut &bytes[..]).map_err(|e| ModelError::NotOnnx { detail: format!("{e:#}") })?;
    let declared = check_proto(&proto, mapping)?;
    let unsupported = |e: TractError| ModelError::Unsupported { detail: format!("{e:#}") };
    let model = onnx.model_for_proto_model(&proto).map_err(unsupported)?;
    let typed = optimized_for(&model, mapping, 1).map_err(unsupported)?;
    let out = typed.output_fact(0).map_err(unsupported)?;
    if out.datum_type != f32::datum_type() {
        return Err(ModelError::NotF32 { which: "output", found: format!("{:?}", out.datum_type) });
    }
    let dims: Vec<TDim> = out.shape.iter().cloned().collect();
    let one = TDim::Val(1);
    if !(dims == [one.clone()] || dims == [one.clone(), one]) {
        return Err(ModelError::OutputShape { found: format!("{dims:?} for a batch of 1") });
    }
    let plan = typed.into_runnable().map_err(unsupported)?;
    let native = native::NativeLstm::recognise(&proto, mapping.window, mapping.features.len());
    Ok((model, declared.batch == Some(1), plan, native))
}

/// The model typed and optimised for batches of exactly `n` windows.
fn optimized_for(model: &InferenceModel, mapping: &InputMapping, n: usize) -> TractResult<TypedModel> {
    let shape = [n, mapping.window, mapping.features.len()];
    model.clone().with_input_fact(0, f32::fact(shape).into())?.into_optimized()
}

/// Checks what the ONNX file declares: one input `[batch, window, features]` of float, one float output of
/// shape `[batch, 1]` or `[batch]`. Weights listed as inputs (older IR versions do) are not inputs.
fn check_proto(proto: &pb::ModelProto, mapping: &InputMapping) -> Result<DeclaredInput, ModelError> {
    let graph = proto.graph.as_ref().ok_or_else(|| ModelError::NotOnnx { detail: "no graph".into() })?;
    // A file cut just after its graph decodes as a model without operator set: ONNX requires one.
    if !proto.opset_import.iter().any(|o| o.domain.is_empty() || o.domain == "ai.onnx") {
        return Err(ModelError::NotOnnx { detail: "no operator set imported for the default domain".into() });
    }
    if graph.node.is_empty() {
        return Err(ModelError::NotOnnx { detail: "the graph has no node".into() });
    }
    let weights: std::collections::HashSet<&str> = graph.initializer.iter().map(|t| t.name.as_str()).collect();
    let inputs: Vec<&pb::ValueInfoProto> = graph.input.iter().filter(|i| !weights.contains(i.name.as_str())).collect();
    if inputs.len() != 1 {
        return Err(ModelError::InputCount { found: inputs.len() });
    }
    if graph.output.len() != 1 {
        return Err(ModelError::OutputCount { found: graph.output.len() });
    }
    let (in_type, in_dims) = tensor_type(inputs[0]);
    if in_type != Some(1) {
        return Err(ModelError::NotF32 { which: "input", found: type_name(in_type) });
    }
    let Some(in_dims) = in_dims else { return Err(ModelError::InputRank { found: 0 }) };
    if in_dims.len() != 3 {
        return Err(ModelError::InputRank { found: in_dims.len() });
    }
    if let Some(b) = in_dims[0] {
        if b != 1 {
            return Err(ModelError::BatchDimension { found: b });
        }
    }
    if let Some(w) = in_dims[1] {
        if w != mapping.window as i64 {
            return Err(ModelError::WindowMismatch { model: w, mapping: mapping.window });
        }
    }
    if let Some(f) = in_dims[2] {
        if f != mapping.features.len() as i64 {
            return Err(ModelError::FeatureCount { model: f, mapping: mapping.features.len() });
        }
    }
    let (out_type, out_dims) = tensor_type(&graph.output[0]);
    if out_type != Some(1) {
        return Err(ModelError::NotF32 { which: "output", found: type_name(out_type) });
    }
    if let Some(d) = out_dims {
        let ok = match d.as_slice() {
            [_] => true,
            [_, last] => last.is_none() || *last == Some(1),
            _ => false,
        };
        if !ok {
            let shown: Vec<String> = d.iter().map(|x| x.map_or("?".to_owned(), |v| v.to_string())).collect();
            return Err(ModelError::OutputShape { found: format!("[{}]", shown.join(", ")) });
        }
    }
    Ok(DeclaredInput { batch: in_dims[0] })
}

/// The element type and the dimensions (None where symbolic) of a tensor value, if declared.
fn tensor_type(v: &pb::ValueInfoProto) -> (Option<i32>, Option<Vec<Option<i64>>>) {
    let Some(pb::type_proto::Value::TensorType(t)) = v.r#type.as_ref().and_then(|t| t.value.as_ref()) else {
        return (None, None);
    };
    let dims = t.shape.as_ref().map(|s| {
        s.dim
            .iter()
            .map(|d| match d.value {
                Some(pb::tensor_shape_proto::dimension::Value::DimValue(v)) if v > 0 => Some(v),
                _ => None,
            })
            .collect()
    });
    (Some(t.elem_type), dims)
}

fn type_name(elem_type: Option<i32>) -> String {
    let name = match elem_type {
        None => "undeclared",
        Some(1) => "float32",
        Some(2) => "uint8",
        Some(3) => "int8",
        Some(4) => "uint16",
        Some(5) => "int16",
        Some(6) => "int32",
        Some(7) => "int64",
        Some(8) => "string",
        Some(9) => "bool",
        Some(10) => "float16",
        Some(11) => "float64",
        Some(12) => "uint32",
        Some(13) => "uint64",
        Some(16) => "bfloat16",
        Some(other) => return format!("ONNX type {other}"),
    };
    name.to_owned()
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown".to_owned());
    format!("internal error of the inference engine: {what}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predictor_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Predictor>();
    }
}
