"""Writes reference.json: a few fixed input windows (raw values) and onnxruntime's outputs on them, which
crates/foresight-predict/tests/reference.rs compares tract's with (within 1e-5).

    python models/lstm/make_reference.py [--data DATASET.csv]

With --data, six windows come from the held-out end of the dataset (three where the label is 1, three
where it is 0, evenly spaced); two more are synthetic either way (every feature at its mean, and a seeded
random window around the means). Normalisation is done in float32 exactly as the Rust side does it,
`(x - mean) / std`, so both engines get the same bits.
"""

import argparse
import hashlib
import json
import pathlib
import re

import numpy as np
import onnxruntime as ort

HERE = pathlib.Path(__file__).parent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    mapping = json.loads((HERE / "mapping.json").read_text())
    window, nf = mapping["window"], len(mapping["features"])
    mean = np.array([f["mean"] for f in mapping["features"]], dtype=np.float32)
    std = np.array([f["std"] for f in mapping["features"]], dtype=np.float32)
    windows, notes = [], []
    if args.data:
        data = np.loadtxt(args.data, delimiter=",", skiprows=1)
        for label in (1, 0):
            picked = 0
            for z in np.unique(data[:, 1]).astype(int):
                rows = data[data[:, 1] == z]
                rows = rows[np.argsort(rows[:, 0])]
                ends = np.nonzero(rows[:, 2 + nf] == label)[0]
                ends = ends[ends >= len(rows) * 3 // 4]  # the held-out end
                if len(ends) == 0 or picked >= 3:
                    continue
                end = ends[len(ends) // 2]
                windows.append(rows[end - window + 1 : end + 1, 2 : 2 + nf])
                notes.append(f"dataset zone {z}, t_ms {int(rows[end, 0])}, label {label}")
                picked += 1
    windows.append(np.tile(mean, (window, 1)))
    notes.append("every feature at its mean")
    rng = np.random.default_rng(args.seed)
    windows.append(mean + std * rng.normal(size=(window, nf)) * 3.0)
    notes.append("seeded random, mean + 3 std N(0, 1)")
    raw = np.stack(windows).astype(np.float32)
    x = (raw - mean) / std
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(HERE / "model.onnx"), opts, providers=["CPUExecutionProvider"])
    out = sess.run(None, {sess.get_inputs()[0].name: x})[0].reshape(-1)
    model_bytes = (HERE / "model.onnx").read_bytes()
    ref = {
        "producer": f"onnxruntime {ort.__version__}, CPUExecutionProvider, 1 thread",
        "model_sha256": hashlib.sha256(model_bytes).hexdigest(),
        "tolerance": 1e-5,
        "window": window,
        "features": nf,
        "cases": [
            # Each float32 input in its shortest decimal form, which parses back (as f32) to the same bits.
            {"note": n, "window": [[float(str(v)) for v in row] for row in w], "likelihood": float(p)}
            for n, w, p in zip(notes, raw, out.astype(np.float32))
        ],
    }
    text = json.dumps(ref, indent=1)
    # One line per time step keeps the file short and still diffable.
    text = re.sub(r"\[\s+([-0-9.e+,\s]+?)\s+\]", lambda m: "[" + re.sub(r"\s+", "", m.group(1)) + "]", text)
    (HERE / "reference.json").write_text(text + "\n")
    for n, p in zip(notes, out):
        print(f"{p:.6f}  {n}")


if __name__ == "__main__":
    main()
