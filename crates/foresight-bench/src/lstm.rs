//! The shipped LSTM on both of foresight-predict's engines (tract, the general one; the native LSTM kernel
//! the shipped model runs on) beside onnxruntime: the same windows, the same batch sizes, one thread each,
//! in interleaved turns of the same length; onnxruntime runs in a Python subprocess that times itself, so
//! interpreter start-up and the pipe are not counted. Every side includes normalising the raw windows.

use anyhow::{bail, Context};
use foresight_predict::{Engine, Predictor, Window};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
pub struct LstmArgs {
    /// Python with onnxruntime and numpy (models/lstm/requirements.txt).
    #[arg(long, default_value = "/root/.cache/foresight/venv-lstm/bin/python")]
    python: String,
    /// Batch sizes (windows per call), comma-separated: 1 is one zone's update, 1000 a large site's heat map.
    #[arg(long, value_delimiter = ',', default_value = "1,1000")]
    batches: Vec<usize>,
    /// Seconds per turn and side.
    #[arg(long, default_value_t = 2.0)]
    seconds: f64,
    /// Turns per batch size (the sides alternate: tract, native, onnxruntime, tract, ...).
    #[arg(long, default_value_t = 3)]
    turns: usize,
}

/// Reads commands on stdin: `run B S` runs batches of the first B windows for S seconds and answers
/// `calls seconds`; `out B` answers the likelihoods of the first B windows.
const ORT_SIDE: &str = r#"
import sys, time, json
import numpy as np
import onnxruntime as ort
model, mapping, inputs, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
m = json.load(open(mapping))
w, nf = m["window"], len(m["features"])
mean = np.array([f["mean"] for f in m["features"]], dtype=np.float32)
std = np.array([f["std"] for f in m["features"]], dtype=np.float32)
raw = np.fromfile(inputs, dtype="<f4").reshape(n, w, nf)
opts = ort.SessionOptions()
opts.intra_op_num_threads = 1
opts.inter_op_num_threads = 1
opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
sess = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])
name = sess.get_inputs()[0].name
def once(x):
    return sess.run(None, {name: (x - mean) / std})[0]
print("ready", ort.__version__, flush=True)
for line in sys.stdin:
    cmd = line.split()
    b = int(cmd[1])
    x = raw[:b]
    if cmd[0] == "out":
        print(" ".join(repr(float(v)) for v in once(x).reshape(-1)), flush=True)
        continue
    budget = float(cmd[2])
    once(x)
    calls, start = 0, time.perf_counter()
    while True:
        once(x)
        calls += 1
        el = time.perf_counter() - start
        if el >= budget:
            break
    print(calls, el, flush=True)
"#;

pub fn run(args: LstmArgs) -> anyhow::Result<()> {
    let predictor = Predictor::shipped().map_err(|e| anyhow::anyhow!(e.message(foresight_predict::Lang::En)))?;
    let mapping = predictor.mapping().clone();
    let n = args.batches.iter().copied().max().unwrap_or(1).max(1);
    // Windows around each feature's mean (± 2 std), deterministic: the same file feeds both sides.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 40) as f32 / (1u64 << 24) as f32 * 4.0 - 2.0
    };
    let mut flat = Vec::with_capacity(n * mapping.window_len());
    for _ in 0..n * mapping.window {
        for f in &mapping.features {
            flat.push(f.mean + f.std * next());
        }
    }
    let windows: Vec<Window> = flat.chunks_exact(mapping.window_len()).map(|c| Window::from_flat(c.to_vec())).collect();
    let dir = std::env::temp_dir().join(format!("foresight-bench-lstm-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let (model_path, mapping_path, input_path) = (dir.join("model.onnx"), dir.join("mapping.json"), dir.join("in.f32"));
    std::fs::write(&model_path, Predictor::shipped_onnx())?;
    std::fs::write(&mapping_path, serde_json::to_vec(&mapping)?)?;
    std::fs::write(&input_path, flat.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>())?;

    let mut child = Command::new(&args.python)
        .arg("-c")
        .arg(ORT_SIDE)
        .args([&model_path, &mapping_path, &input_path])
        .arg(n.to_string())
        .env("OMP_NUM_THREADS", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting {} (models/lstm/requirements.txt)", args.python))?;
    let mut to_py = child.stdin.take().context("stdin")?;
    let mut from_py = BufReader::new(child.stdout.take().context("stdout")?);
    let mut answer = move || -> anyhow::Result<String> {
        let mut line = String::new();
        if from_py.read_line(&mut line)? == 0 {
            bail!("the onnxruntime side exited");
        }
        Ok(line.trim().to_owned())
    };
    let ready = answer()?;
    let ort_version = ready.strip_prefix("ready ").unwrap_or("?").to_owned();

    // Same outputs first: the comparison means nothing if the engines disagree.
    writeln!(to_py, "out {n}")?;
    let theirs: Vec<f32> = answer()?.split_whitespace().map(str::parse).collect::<Result<_, _>>()?;
    let on = |engine: Engine, batch: &[Window]| {
        predictor.predict_on(engine, batch).map_err(|e| anyhow::anyhow!(e.message(foresight_predict::Lang::En)))
    };
    let tract_out = on(Engine::Tract, &windows)?;
    let native_out = on(Engine::NativeLstm, &windows)?;
    let diff = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0f32, f32::max);
    println!(
        "shipped LSTM (window {}, {} features), onnxruntime {ort_version}; Predictor::predict uses {}",
        mapping.window,
        mapping.features.len(),
        predictor.engine()
    );
    println!(
        "max |diff| over {n} windows: tract-ort {:.2e}, native-ort {:.2e}, native-tract {:.2e}",
        diff(&tract_out, &theirs),
        diff(&native_out, &theirs),
        diff(&native_out, &tract_out)
    );

    println!(
        "{:>7} {:>16} {:>16} {:>16} {:>12} {:>12}",
        "batch", "tract windows/s", "native windows/s", "ort windows/s", "tract/ort", "native/ort"
    );
    let budget = Duration::from_secs_f64(args.seconds);
    // Calls of `engine` on `batch` for one turn: (calls, seconds).
    let turn = |engine: Engine, batch: &[Window]| -> anyhow::Result<(u64, f64)> {
        let (start, mut calls) = (Instant::now(), 0u64);
        loop {
            std::hint::black_box(on(engine, std::hint::black_box(batch))?);
            calls += 1;
            if start.elapsed() >= budget {
                return Ok((calls, start.elapsed().as_secs_f64()));
            }
        }
    };
    for &b in &args.batches {
        let batch = &windows[..b];
        // [tract, native, ort]: calls and seconds.
        let mut totals = [(0u64, 0.0f64); 3];
        on(Engine::Tract, batch)?;
        on(Engine::NativeLstm, batch)?;
        for _ in 0..args.turns {
            for (k, engine) in [Engine::Tract, Engine::NativeLstm].into_iter().enumerate() {
                let (calls, secs) = turn(engine, batch)?;
                totals[k].0 += calls;
                totals[k].1 += secs;
            }
            writeln!(to_py, "run {b} {}", args.seconds)?;
            let line = answer()?;
            let mut it = line.split_whitespace();
            totals[2].0 += it.next().context("calls")?.parse::<u64>()?;
            totals[2].1 += it.next().context("seconds")?.parse::<f64>()?;
        }
        let [tract, native, ort] = totals.map(|(calls, secs)| (calls * b as u64) as f64 / secs);
        println!("{b:>7} {tract:>16.0} {native:>16.0} {ort:>16.0} {:>12.2} {:>12.2}", tract / ort, native / ort);
    }
    println!("ratios above 1: faster than onnxruntime; one thread each, interleaved turns of {} s", args.seconds);
    drop(to_py);
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
