//! A native kernel for the common model shape (the shipped one): one forward ONNX `LSTM` over the window,
//! its last hidden state read out by a linear layer and a sigmoid. Recognised in the ONNX graph at load,
//! evaluated here in plain Rust; any other graph runs on tract.
//!
//! The recognised graph, node for node (the form `models/lstm/train.py` exports):
//!
//! ```text
//! Transpose(perm [1, 0, 2]) → LSTM(X, W, R[, B]) → Y_h → Squeeze(axes [0])
//!   → MatMul(·, w [H, 1]) → Add(·, b [1])   or   Gemm(·, w [H, 1] or [1, H], b [1])
//!   → Sigmoid → the graph's output
//! ```
//!
//! The LSTM must be forward, with the default activations (sigmoid, tanh, tanh), no clip, no coupled
//! input/forget gate, no peepholes, no sequence lengths, no initial state, time-major layout; each
//! intermediate value must feed exactly the next node and nothing else. Anything else, however close, is
//! left to tract, which stays the reference: [`crate::Predictor`] also compares the two engines on trial
//! windows at load and keeps tract alone if they disagree.
//!
//! The math is ONNX's (gate order i, o, f, c): `gates = x_t·Wᵀ + h·Rᵀ + Wb + Rb`, `i, o, f = σ(·)`,
//! `c̃ = tanh(·)`, `c = f⊙c + i⊙c̃`, `h = o⊙tanh(c)`. `Wᵀ` and `Rᵀ` are stacked once at load into one
//! row-major `[features + hidden, 4·hidden]` matrix. A few windows: a step of one window is
//! `features + hidden` contiguous multiply-adds of a 4·hidden row (which the compiler vectorises). More:
//! blocks of windows, the input projection of all their steps as one matrix product, then per step and
//! window `h·Rᵀ` summed in vector registers and the cell. The whole kernel is also compiled for AVX2 + FMA
//! and AVX-512 and picked at run time (`pulp`, see [`NativeLstm::run`]).

use tract_onnx::pb;
use tract_onnx::prelude::tract_ndarray::linalg::general_mat_mul;
use tract_onnx::prelude::tract_ndarray::{ArrayView2, ArrayViewMut2, ShapeBuilder};

/// From this many windows in a call, the input projection is one matrix product over a block of windows
/// (ndarray's, i.e. the matrixmultiply crate, which picks its AVX2/FMA kernel at run time); below, a row
/// of multiply-adds per window and step.
const GEMM_MIN_ROWS: usize = 4;
/// Gate columns per register-held strip of [`add_recurrent`].
const STRIP: usize = 32;
/// Windows per block of the matrix-product path: their gates for every step (64 × 30 × 128 floats for the
/// shipped model, 1 MB, one buffer reused for every block) stay in L2.
const GEMM_BLOCK: usize = 64;

/// The weights of a recognised model, laid out for [`NativeLstm::run`].
#[derive(Debug, Clone)]
pub(crate) struct NativeLstm {
    steps: usize,
    features: usize,
    hidden: usize,
    /// `[features + hidden, 4·hidden]`, row-major: the rows of `Wᵀ`, then those of `Rᵀ`.
    weights: Vec<f32>,
    /// `Wb + Rb`, `[4·hidden]`.
    bias: Vec<f32>,
    /// The read-out: `[hidden]` and its bias.
    head: Vec<f32>,
    head_bias: f32,
}

impl NativeLstm {
    /// The kernel for `proto` if its graph is exactly the shape above, with an input of `steps` × `features`;
    /// `None` otherwise.
    pub(crate) fn recognise(proto: &pb::ModelProto, steps: usize, features: usize) -> Option<NativeLstm> {
        let graph = proto.graph.as_ref()?;
        let inits = Initializers::of(graph)?;
        let inputs: Vec<&pb::ValueInfoProto> = graph.input.iter().filter(|i| !inits.has(&i.name)).collect();
        let ([input], [output]) = (inputs.as_slice(), graph.output.as_slice()) else { return None };
        let chain = Chain { graph, inits: &inits };

        let transpose = chain.only_consumer(&input.name)?;
        if transpose.op_type != "Transpose" || transpose.input.len() != 1 || transpose.output.len() != 1 {
            return None;
        }
        if !attrs_within(transpose, &["perm"]) || attr(transpose, "perm")?.ints != [1, 0, 2] {
            return None;
        }

        let lstm = chain.only_consumer(&transpose.output[0])?;
        let (weights, bias, hidden) = lstm_weights(&chain, lstm, &transpose.output[0], features)?;

        let squeeze = chain.only_consumer(&lstm.output[1])?;
        if squeeze.op_type != "Squeeze" || squeeze.output.len() != 1 || squeeze.input.first()? != &lstm.output[1] {
            return None;
        }
        let axes = match (squeeze.input.len(), attr(squeeze, "axes")) {
            (1, Some(a)) if attrs_within(squeeze, &["axes"]) => a.ints.clone(),
            (2, None) if squeeze.attribute.is_empty() => inits.ints(&squeeze.input[1])?,
            _ => return None,
        };
        if axes != [0] && axes != [-3] {
            return None;
        }

        let (head, head_bias, last) = read_out(&chain, &squeeze.output[0], hidden)?;
        let sigmoid = chain.only_consumer(last)?;
        if sigmoid.op_type != "Sigmoid" || sigmoid.input.len() != 1 || sigmoid.output.len() != 1 {
            return None;
        }
        if !sigmoid.attribute.is_empty() || sigmoid.output[0] != output.name || chain.consumers(&output.name) != 1 {
            return None;
        }
        // Every node of the graph is one of the chain's: nothing else computes anything.
        let used = 4 + if chain.only_consumer(&squeeze.output[0])?.op_type == "Gemm" { 1 } else { 2 };
        if graph.node.len() != used || graph.node.iter().any(|n| !(n.domain.is_empty() || n.domain == "ai.onnx")) {
            return None;
        }
        Some(NativeLstm { steps, features, hidden, weights, bias, head, head_bias })
    }

    /// `Rᵀ`, `[hidden, 4·hidden]` row-major.
    fn recurrent(&self) -> &[f32] {
        &self.weights[self.features * 4 * self.hidden..]
    }

    /// One likelihood per window of `data`, normalised windows laid out `[n, steps, features]`.
    ///
    /// The kernel is compiled twice more by `pulp`, with AVX2 + FMA and with AVX-512 enabled, and the
    /// widest set the CPU has is picked at run time: the cell (five `exp` and five divisions per hidden
    /// unit and step) was most of the time at large batches, and runs 8 or 16 lanes wide there instead of
    /// SSE2's 4, its polynomials and the row multiply-adds as fused multiply-adds. Everything below is
    /// `#[inline(always)]` so that it is compiled into each variant.
    pub(crate) fn run(&self, data: &[f32]) -> Vec<f32> {
        let arch = pulp::Arch::new();
        if matches!(arch, pulp::Arch::Scalar) {
            arch.dispatch(Run::<false> { kernel: self, data })
        } else {
            arch.dispatch(Run::<true> { kernel: self, data })
        }
    }

    #[inline(always)]
    fn run_blocks<const FMA: bool>(&self, data: &[f32]) -> Vec<f32> {
        let per_window = self.steps * self.features;
        let n = data.len() / per_window;
        let block = if n >= GEMM_MIN_ROWS { GEMM_BLOCK } else { n.max(1) };
        // Only blocks below GEMM_MIN_ROWS (a small call, or the tail of a large one) use the scratch.
        let mut scratch = Scratch::new(block.min(GEMM_MIN_ROWS), self.features + self.hidden, 4 * self.hidden);
        // The matrix-product path's buffers, allocated once for all its blocks.
        let (mut gates, mut hs, mut cs) = (Vec::new(), Vec::new(), Vec::new());
        if n >= GEMM_MIN_ROWS {
            gates = vec![0.0f32; block * self.steps * 4 * self.hidden];
            (hs, cs) = (vec![0.0f32; block * self.hidden], vec![0.0f32; block * self.hidden]);
        }
        let mut out = Vec::with_capacity(n);
        for windows in data.chunks(block * per_window) {
            let rows = windows.len() / per_window;
            if rows >= GEMM_MIN_ROWS {
                let (h, g) = (self.hidden, 4 * self.hidden);
                let gates = &mut gates[..rows * self.steps * g];
                self.run_block_gemm::<FMA>(windows, gates, &mut hs[..rows * h], &mut cs[..rows * h], &mut out);
            } else {
                self.run_block::<FMA>(windows, &mut scratch, &mut out);
            }
        }
        out
    }

    /// A block of windows with matrix products: the input projection of every step of every window at
    /// once (`[windows·steps, features]·Wᵀ`, the weights packed once), then per step `h·Rᵀ` added to that
    /// step's rows, then the cell (which adds the bias).
    #[inline(always)]
    fn run_block_gemm<const FMA: bool>(
        &self,
        windows: &[f32],
        gates: &mut [f32],
        hs: &mut [f32],
        cs: &mut [f32],
        out: &mut Vec<f32>,
    ) {
        let (t_len, nf, h) = (self.steps, self.features, self.hidden);
        let g = 4 * h;
        let rows = windows.len() / (t_len * nf);
        hs.fill(0.0);
        cs.fill(0.0);
        let (w_x, w_h) = self.weights.split_at(nf * g);
        let (Ok(x), Ok(w_x), Ok(w_h), Ok(mut all)) = (
            ArrayView2::from_shape((rows * t_len, nf), windows),
            ArrayView2::from_shape((nf, g), w_x),
            ArrayView2::from_shape((h, g), w_h),
            ArrayViewMut2::from_shape((rows * t_len, g), &mut gates[..]),
        ) else {
            return;
        };
        // β = 0: the buffer's previous block is overwritten, not added to.
        general_mat_mul(1.0, &x, &w_x, 0.0, &mut all);
        // The recurrent product in strips held in registers (below) where the gates come in whole strips,
        // else as one matrix product per step.
        let strips = g % STRIP == 0;
        for t in 0..t_len {
            if t > 0 && !strips {
                // This step's rows of `gates`: one every `steps` rows.
                let (Ok(hv), Ok(mut step)) = (
                    ArrayView2::from_shape((rows, h), &hs[..]),
                    ArrayViewMut2::from_shape((rows, g).strides((t_len * g, 1)), &mut gates[t * g..]),
                ) else {
                    return;
                };
                general_mat_mul(1.0, &hv, &w_h, 1.0, &mut step);
            }
            for (r, (c, hr)) in cs.chunks_exact_mut(h).zip(hs.chunks_exact_mut(h)).enumerate() {
                let row = &mut gates[(r * t_len + t) * g..][..g];
                if t > 0 && strips {
                    add_recurrent::<FMA>(row, hr, self.recurrent());
                }
                cell::<FMA>(row, &self.bias, c, hr);
            }
        }
        for hr in hs.chunks_exact(h) {
            let logit: f32 = hr.iter().zip(&self.head).map(|(a, b)| a * b).sum();
            out.push(1.0 / (1.0 + (-(logit + self.head_bias)).exp()));
        }
    }

    /// A few windows, every step: `z = [x_t, h]` per window, `gates = z·[Wᵀ; Rᵀ]` as a row of
    /// multiply-adds, the cell (which adds the bias).
    #[inline(always)]
    fn run_block<const FMA: bool>(&self, windows: &[f32], s: &mut Scratch, out: &mut Vec<f32>) {
        let (nf, h) = (self.features, self.hidden);
        let (k_len, g) = (nf + h, 4 * h);
        let per_window = self.steps * nf;
        let rows = windows.len() / per_window;
        let (z, gates, cs) = (&mut s.z[..rows * k_len], &mut s.gates[..rows * g], &mut s.c[..rows * h]);
        z.fill(0.0);
        cs.fill(0.0);
        for t in 0..self.steps {
            for (r, zr) in z.chunks_exact_mut(k_len).enumerate() {
                zr[..nf].copy_from_slice(&windows[r * per_window + t * nf..][..nf]);
            }
            gates.fill(0.0);
            // The state starts at zero: the recurrent part of the first step is nothing.
            let used = if t == 0 { nf } else { k_len };
            for (zr, acc) in z.chunks_exact(k_len).zip(gates.chunks_exact_mut(g)) {
                for (&zv, w) in zr[..used].iter().zip(self.weights.chunks_exact(g)) {
                    axpy::<FMA>(acc, zv, w);
                }
            }
            for ((acc, zr), c) in gates.chunks_exact(g).zip(z.chunks_exact_mut(k_len)).zip(cs.chunks_exact_mut(h)) {
                cell::<FMA>(acc, &self.bias, c, &mut zr[nf..]);
            }
        }
        for zr in z.chunks_exact(k_len) {
            let logit: f32 = zr[nf..].iter().zip(&self.head).map(|(a, b)| a * b).sum();
            out.push(1.0 / (1.0 + (-(logit + self.head_bias)).exp()));
        }
    }
}

/// [`NativeLstm::run`] as an operation `pulp` compiles once per instruction set (a closure would not do:
/// its body stays a separate function, compiled for the baseline target). `FMA`: the instruction set has
/// fused multiply-add.
struct Run<'a, const FMA: bool> {
    kernel: &'a NativeLstm,
    data: &'a [f32],
}

impl<const FMA: bool> pulp::WithSimd for Run<'_, FMA> {
    type Output = Vec<f32>;

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) -> Vec<f32> {
        self.kernel.run_blocks::<FMA>(self.data)
    }
}

/// Work space of [`NativeLstm::run`] for blocks of up to `rows` windows.
struct Scratch {
    /// `[rows, features + hidden]`: each window's input at the step, then its hidden state.
    z: Vec<f32>,
    /// `[rows, 4·hidden]`.
    gates: Vec<f32>,
    /// `[rows, hidden]`: the cell states.
    c: Vec<f32>,
}

impl Scratch {
    fn new(rows: usize, k_len: usize, g: usize) -> Scratch {
        Scratch { z: vec![0.0; rows * k_len], gates: vec![0.0; rows * g], c: vec![0.0; rows * g / 4] }
    }
}

/// `a·b + c`, as one fused instruction where the CPU has it (`FMA`); elsewhere `mul_add` would be a slow
/// library call, so there it is a multiplication and an addition.
#[inline(always)]
fn madd<const FMA: bool>(a: f32, b: f32, c: f32) -> f32 {
    if FMA {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

/// `row += h·Rᵀ` for one window, `r_t` = `Rᵀ` (`[h.len(), row.len()]`), `row.len()` a multiple of
/// [`STRIP`]: per strip of columns, a fixed-size accumulator the compiler keeps in vector registers over
/// the whole sum (2 AVX-512 or 4 AVX2 registers), so each step reads each weight once and writes each gate
/// once; `Rᵀ` (16 KB for the shipped model) stays in L1. Faster than a general matrix product at this
/// size (a 32-long sum per gate), which packs both operands on every call.
#[inline(always)]
fn add_recurrent<const FMA: bool>(row: &mut [f32], h: &[f32], r_t: &[f32]) {
    let g = row.len();
    for (j, strip) in row.chunks_exact_mut(STRIP).enumerate() {
        let Some(acc) = strip.first_chunk_mut::<STRIP>() else { return };
        let mut sum = *acc;
        for (&hk, w_row) in h.iter().zip(r_t.chunks_exact(g)) {
            let Some(w) = w_row[j * STRIP..].first_chunk::<STRIP>() else { return };
            for (s, &wv) in sum.iter_mut().zip(w) {
                *s = madd::<FMA>(hk, wv, *s);
            }
        }
        *acc = sum;
    }
}

/// `acc += a · w`, element by element (vectorised by the compiler).
#[inline(always)]
fn axpy<const FMA: bool>(acc: &mut [f32], a: f32, w: &[f32]) {
    for (s, &wv) in acc.iter_mut().zip(w) {
        *s = madd::<FMA>(a, wv, *s);
    }
}

/// One LSTM cell update of one window from its pre-activation gates `[i, o, f, c̃]` (without the bias,
/// which is added here).
#[inline(always)]
fn cell<const FMA: bool>(gates: &[f32], bias: &[f32], c: &mut [f32], h: &mut [f32]) {
    let n = c.len();
    let (gi, rest) = gates.split_at(n);
    let (go, rest) = rest.split_at(n);
    let (gf, gc) = rest.split_at(n);
    let (bi, rest) = bias.split_at(n);
    let (bo, rest) = rest.split_at(n);
    let (bf, bc) = rest.split_at(n);
    let gates = gi.iter().zip(bi).zip(go.iter().zip(bo)).zip(gf.iter().zip(bf).zip(gc.iter().zip(bc)));
    for ((c, h), (((i, bi), (o, bo)), ((f, bf), (cc, bc)))) in c.iter_mut().zip(h.iter_mut()).zip(gates) {
        let (i, o, f, cc) = (i + bi, o + bo, f + bf, cc + bc);
        let cn = madd::<FMA>(sigmoid::<FMA>(f), *c, sigmoid::<FMA>(i) * tanh::<FMA>(cc));
        *c = cn;
        *h = sigmoid::<FMA>(o) * tanh::<FMA>(cn);
    }
}

#[inline(always)]
fn sigmoid<const FMA: bool>(x: f32) -> f32 {
    1.0 / (1.0 + exp::<FMA>(-x))
}

#[inline(always)]
fn tanh<const FMA: bool>(x: f32) -> f32 {
    2.0 / (1.0 + exp::<FMA>(-2.0 * x)) - 1.0
}

/// `eˣ` within about 2 ulp for |x| ≤ 87 (clamped beyond), branch-free so a loop of it vectorises: Cephes'
/// `expf`, `x = n·ln 2 + r`, a degree-6 polynomial for `eʳ`, `2ⁿ` built from its exponent bits.
#[inline(always)]
fn exp<const FMA: bool>(x: f32) -> f32 {
    const MAGIC: f32 = 12_582_912.0; // 1.5 · 2²³: adding it rounds to an integer held in the low bits
    let x = x.clamp(-87.0, 87.0);
    let shifted = madd::<FMA>(x, std::f32::consts::LOG2_E, MAGIC);
    let n = shifted - MAGIC;
    let r = madd::<FMA>(n, 2.121_944_4e-4, madd::<FMA>(n, -0.693_359_4, x));
    let mut p = 1.987_569_1e-4f32;
    p = madd::<FMA>(p, r, 1.398_2e-3);
    p = madd::<FMA>(p, r, 8.333_452e-3);
    p = madd::<FMA>(p, r, 4.166_579_6e-2);
    p = madd::<FMA>(p, r, 0.166_666_65);
    p = madd::<FMA>(p, r, 0.5);
    let e = madd::<FMA>(p * r, r, r + 1.0);
    let n_bits = shifted.to_bits().wrapping_sub(MAGIC.to_bits());
    e * f32::from_bits(n_bits.wrapping_add(127) << 23)
}

/// The graph's float and int64 initializers by name; `None` if a name is given twice.
struct Initializers<'a> {
    by_name: std::collections::HashMap<&'a str, &'a pb::TensorProto>,
}

impl<'a> Initializers<'a> {
    fn of(graph: &'a pb::GraphProto) -> Option<Initializers<'a>> {
        let mut by_name = std::collections::HashMap::new();
        for t in &graph.initializer {
            if by_name.insert(t.name.as_str(), t).is_some() {
                return None;
            }
        }
        Some(Initializers { by_name })
    }

    fn has(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    fn stored_inline(t: &pb::TensorProto) -> bool {
        t.segment.is_none() && t.external_data.is_empty() && t.data_location.unwrap_or(0) == 0
    }

    /// A float tensor's dimensions and values.
    fn floats(&self, name: &str) -> Option<(Vec<i64>, Vec<f32>)> {
        let t = *self.by_name.get(name)?;
        if t.data_type != 1 || !Self::stored_inline(t) || t.dims.iter().any(|&d| d < 0) {
            return None;
        }
        let count = t.dims.iter().try_fold(1usize, |n, &d| n.checked_mul(usize::try_from(d).ok()?))?;
        let values: Vec<f32> = if !t.raw_data.is_empty() {
            t.raw_data.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
        } else {
            t.float_data.clone()
        };
        (values.len() == count && values.iter().all(|v| v.is_finite())).then_some((t.dims.clone(), values))
    }

    /// An int64 tensor's values (of any shape).
    fn ints(&self, name: &str) -> Option<Vec<i64>> {
        let t = *self.by_name.get(name)?;
        if t.data_type != 7 || !Self::stored_inline(t) {
            return None;
        }
        let count = t.dims.iter().try_fold(1usize, |n, &d| n.checked_mul(usize::try_from(d).ok()?))?;
        let values: Vec<i64> = if !t.raw_data.is_empty() {
            t.raw_data.chunks_exact(8).map(|b| i64::from_le_bytes(b.try_into().unwrap_or([0; 8]))).collect()
        } else {
            t.int64_data.clone()
        };
        (values.len() == count && t.raw_data.len() % 8 == 0).then_some(values)
    }
}

/// Who consumes which value, for walking the chain.
struct Chain<'a> {
    graph: &'a pb::GraphProto,
    inits: &'a Initializers<'a>,
}

impl<'a> Chain<'a> {
    /// How many inputs of nodes and outputs of the graph use `value`.
    fn consumers(&self, value: &str) -> usize {
        let by_nodes = self.graph.node.iter().flat_map(|n| &n.input).filter(|i| *i == value).count();
        by_nodes + self.graph.output.iter().filter(|o| o.name == value).count()
    }

    /// The one node using `value`, if exactly one node uses it, once, and the graph does not output it; and
    /// `value` is computed by one node at most (or is the graph's input) and is no initializer.
    fn only_consumer(&self, value: &str) -> Option<&'a pb::NodeProto> {
        if value.is_empty() || self.inits.has(value) || self.consumers(value) != 1 {
            return None;
        }
        if self.graph.node.iter().flat_map(|n| &n.output).filter(|o| *o == value).count() > 1 {
            return None;
        }
        self.graph.node.iter().find(|n| n.input.iter().any(|i| i == value))
    }
}

fn attr<'a>(node: &'a pb::NodeProto, name: &str) -> Option<&'a pb::AttributeProto> {
    node.attribute.iter().find(|a| a.name == name)
}

/// Every attribute of `node` is one of `allowed`, none given twice.
fn attrs_within(node: &pb::NodeProto, allowed: &[&str]) -> bool {
    let mut seen = std::collections::HashSet::new();
    node.attribute.iter().all(|a| allowed.contains(&a.name.as_str()) && seen.insert(a.name.as_str()))
}

/// Checks the LSTM node and returns the stacked transposed weights, the summed bias and the hidden size.
fn lstm_weights(
    chain: &Chain<'_>,
    lstm: &pb::NodeProto,
    x: &str,
    features: usize,
) -> Option<(Vec<f32>, Vec<f32>, usize)> {
    if lstm.op_type != "LSTM" || lstm.input.len() < 3 || lstm.input.first()? != x {
        return None;
    }
    // sequence_lens, initial_h, initial_c, P: absent or empty names.
    if lstm.input.iter().skip(4).any(|i| !i.is_empty()) {
        return None;
    }
    if !attrs_within(lstm, &["hidden_size", "direction", "activations", "layout", "input_forget"]) {
        return None;
    }
    let hidden = usize::try_from(attr(lstm, "hidden_size")?.i).ok().filter(|&h| h > 0 && h <= 4096)?;
    if attr(lstm, "direction").is_some_and(|a| a.s != b"forward")
        || attr(lstm, "layout").is_some_and(|a| a.i != 0)
        || attr(lstm, "input_forget").is_some_and(|a| a.i != 0)
    {
        return None;
    }
    if let Some(a) = attr(lstm, "activations") {
        let names: Vec<&[u8]> = a.strings.iter().map(Vec::as_slice).collect();
        if names != [b"Sigmoid".as_slice(), b"Tanh", b"Tanh"] {
            return None;
        }
    }
    // Outputs: Y and Y_c unused (absent, empty or consumed by nothing), Y_h present.
    let out = |k: usize| lstm.output.get(k).map(String::as_str).unwrap_or("");
    if out(1).is_empty() || lstm.output.len() > 3 {
        return None;
    }
    for k in [0, 2] {
        if !out(k).is_empty() && chain.consumers(out(k)) != 0 {
            return None;
        }
    }
    let g = 4 * hidden;
    let h64 = hidden as i64;
    let (w_dims, w) = chain.inits.floats(&lstm.input[1])?;
    let (r_dims, r) = chain.inits.floats(&lstm.input[2])?;
    if w_dims != [1, 4 * h64, features as i64] || r_dims != [1, 4 * h64, h64] {
        return None;
    }
    let mut bias = vec![0.0f32; g];
    if let Some(name) = lstm.input.get(3).filter(|n| !n.is_empty()) {
        let (b_dims, b) = chain.inits.floats(name)?;
        if b_dims != [1, 8 * h64] {
            return None;
        }
        for (j, s) in bias.iter_mut().enumerate() {
            *s = b[j] + b[g + j];
        }
    }
    // W is [4H, features] and R [4H, H] (rows are gate units): stack their transposes.
    let mut weights = vec![0.0f32; (features + hidden) * g];
    for unit in 0..g {
        for k in 0..features {
            weights[k * g + unit] = w[unit * features + k];
        }
        for k in 0..hidden {
            weights[(features + k) * g + unit] = r[unit * hidden + k];
        }
    }
    Some((weights, bias, hidden))
}

/// The linear read-out of `h`: `MatMul` then `Add` of a one-element bias (either operand order), or one
/// `Gemm`. Gives the weights, the bias and the name of the logit.
fn read_out<'a>(chain: &Chain<'a>, h: &str, hidden: usize) -> Option<(Vec<f32>, f32, &'a str)> {
    let node = chain.only_consumer(h)?;
    let one_value = |name: &str| {
        let (dims, v) = chain.inits.floats(name)?;
        (v.len() == 1 && dims.len() <= 2).then_some(v[0])
    };
    let column = |name: &str, transposed: bool| {
        let (dims, v) = chain.inits.floats(name)?;
        let want = if transposed { [1, hidden as i64] } else { [hidden as i64, 1] };
        (dims == want).then_some(v)
    };
    match node.op_type.as_str() {
        "MatMul" if node.input.len() == 2 && node.input[0] == h && node.output.len() == 1 => {
            if !node.attribute.is_empty() {
                return None;
            }
            let w = column(&node.input[1], false)?;
            let add = chain.only_consumer(&node.output[0])?;
            if add.op_type != "Add" || add.input.len() != 2 || add.output.len() != 1 || !add.attribute.is_empty() {
                return None;
            }
            let other = if add.input[0] == node.output[0] { &add.input[1] } else { &add.input[0] };
            Some((w, one_value(other)?, add.output[0].as_str()))
        }
        "Gemm" if (2..=3).contains(&node.input.len()) && node.input[0] == h && node.output.len() == 1 => {
            if !attrs_within(node, &["alpha", "beta", "transA", "transB"])
                || attr(node, "alpha").is_some_and(|a| a.f != 1.0)
                || attr(node, "beta").is_some_and(|a| a.f != 1.0)
                || attr(node, "transA").is_some_and(|a| a.i != 0)
            {
                return None;
            }
            let transposed = attr(node, "transB").is_some_and(|a| a.i != 0);
            let w = column(&node.input[1], transposed)?;
            let b = match node.input.get(2).filter(|n| !n.is_empty()) {
                Some(name) => one_value(name)?,
                None => 0.0,
            };
            Some((w, b, node.output[0].as_str()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tract_onnx::prelude::Framework;

    #[test]
    fn recognises_the_shipped_graph() {
        let proto = tract_onnx::onnx().proto_model_for_read(&mut crate::Predictor::shipped_onnx()).expect("parses");
        let kernel = NativeLstm::recognise(&proto, 30, 21).expect("the shipped graph has the shape");
        assert_eq!((kernel.hidden, kernel.weights.len(), kernel.head.len()), (32, 53 * 128, 32));
        // Another window length or feature count does not fit the weights.
        assert!(NativeLstm::recognise(&proto, 30, 20).is_none());
    }

    #[test]
    fn exp_is_close_to_std() {
        // Both builds: plain (baseline x86-64) and with fused multiply-adds (AVX2, AVX-512).
        check::<false>();
        check::<true>();
        fn check<const FMA: bool>() {
            let mut worst = 0.0f32;
            for i in -8700..=8700 {
                let x = i as f32 * 0.01;
                let (a, b) = (exp::<FMA>(x), x.exp());
                worst = worst.max(((a - b) / b).abs());
            }
            assert!(worst < 4e-7, "FMA {FMA}: relative error {worst:e}");
            assert_eq!(exp::<FMA>(-1000.0), (-87.0f32).exp());
            for i in -2000..=2000 {
                let x = i as f32 * 0.005;
                assert!((tanh::<FMA>(x) - x.tanh()).abs() < 3e-7, "FMA {FMA}: tanh({x})");
                assert!((sigmoid::<FMA>(x) - 1.0 / (1.0 + (-x).exp())).abs() < 2e-7, "FMA {FMA}: sigmoid({x})");
            }
        }
    }
}
