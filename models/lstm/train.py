"""Trains Foresight's shipped LSTM (windows of zone telemetry -> near-term incident likelihood) and
exports it as ONNX, with its input mapping and metrics.

    python models/lstm/train.py DATASET.csv [--out models/lstm] [--epochs 6] [--seed 20260105]

DATASET.csv comes from `cargo run -p foresight-predict --example export_dataset -- DATASET.csv`
(the demo plant simulator; see MODEL_CARD.md). The LSTM, its gradient and Adam are plain numpy with
`autograd` for the backward pass: the PyPI wheel of PyTorch pulls gigabytes of CUDA libraries, and a
model this small trains in minutes on a CPU anyway. Everything is seeded, and the run is deterministic
on one machine (numpy's BLAS may differ in the last bits between machines).

The ONNX graph is built with onnx.helper: Transpose -> LSTM (the standard ONNX op, gates i,o,f,c) ->
last hidden state -> MatMul/Add -> Sigmoid.
"""

import argparse
import json
import os
import pathlib
import time

# One BLAS thread: faster for these small matrices on a shared machine, and reproducible.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import autograd.numpy as anp  # noqa: E402
import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnx.numpy_helper  # noqa: E402
from autograd import grad  # noqa: E402
from onnx import TensorProto, helper  # noqa: E402

WINDOW = 30
HIDDEN = 32
OPSET = 17

# name -> (unit, where it comes from); the order is the model's.
FEATURES = [
    ("gas_max_ratio", "1", "max over the zone's fixed gas detectors of latest reading / first alarm level"),
    ("gas_mean_ratio", "1", "mean over the zone's fixed gas detectors of latest reading / first alarm level"),
    ("gas_max_ratio_change_10min", "1", "gas_max_ratio now minus 10 minutes ago"),
    ("temperature_max", "°C", "max latest temperature of the zone's transmitters and tank radars"),
    ("temperature_mean", "°C", "mean latest temperature of the zone's transmitters and tank radars"),
    ("pressure_max", "MPa", "max latest pressure of the zone's pressure transmitters (0 if none)"),
    ("level_mean", "%", "mean latest level_percent of the zone's level transmitters (0 if none)"),
    ("flow_mean", "m3/h", "mean latest flow of the zone's flow transmitters (0 if none)"),
    ("vibration_max", "mm/s", "max latest velocity_rms of the zone's vibration sensors (0 if none)"),
    ("limit_proximity_max", "1", "max over the zone's configured high alarm limits of latest value / high"),
    ("active_alarms", "count", "number of the zone's configured alarm limits currently exceeded"),
    ("weather_temperature", "°C", "site weather station: air temperature"),
    ("weather_humidity", "%RH", "site weather station: relative humidity"),
    ("weather_wind_speed", "m/s", "site weather station: wind speed"),
    ("weather_dew_point_spread", "°C", "site weather station: air temperature minus dew point"),
    ("people_in_zone", "count", "people located inside the zone (personnel positioning)"),
    ("agv_orders_10min", "count", "AGV transport orders released site-wide in the last 10 minutes"),
    ("hour_sin", "1", "sin(2 pi local hour / 24), plant local time"),
    ("hour_cos", "1", "cos(2 pi local hour / 24), plant local time"),
    ("night_shift", "0/1", "1 during the night shift (20:00-08:00 local)"),
    ("raining", "0/1", "site weather station: 1 while it rains"),
]
NF = len(FEATURES)


def load(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    names = header[2 : 2 + NF]
    assert names == [f[0] for f in FEATURES], f"dataset features {names} differ from train.py's"
    return data


def windows_by_zone(data):
    """Per zone: (t_ms [T], features [T, NF], label [T], label_start [T]) in time order."""
    out = []
    for z in np.unique(data[:, 1]).astype(int):
        rows = data[data[:, 1] == z]
        rows = rows[np.argsort(rows[:, 0])]
        out.append((rows[:, 0], rows[:, 2 : 2 + NF], rows[:, 2 + NF], rows[:, 3 + NF]))
    return out


def make_windows(series, t_from, t_to):
    """Windows ending at t in [t_from, t_to): X [n, WINDOW, NF], y, y_start."""
    xs, ys, ss = [], [], []
    for t, f, y, s in series:
        idx = np.nonzero((t >= t_from) & (t < t_to))[0]
        idx = idx[idx >= WINDOW - 1]
        view = np.lib.stride_tricks.sliding_window_view(f, WINDOW, axis=0)  # [T-W+1, NF, W]
        xs.append(np.transpose(view[idx - (WINDOW - 1)], (0, 2, 1)))
        ys.append(y[idx])
        ss.append(s[idx])
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(ss)


def sigmoid(x):
    return 0.5 * (anp.tanh(0.5 * x) + 1.0)


def forward_logit(params, x):
    """x [n, WINDOW, NF] (normalised) -> logits [n]. Gate order i, o, f, c as in ONNX's LSTM."""
    W, R, b, w_out, b_out = params
    n = x.shape[0]
    h = anp.zeros((n, HIDDEN))
    c = anp.zeros((n, HIDDEN))
    for step in range(WINDOW):
        g = anp.dot(x[:, step, :], W.T) + anp.dot(h, R.T) + b
        i = sigmoid(g[:, :HIDDEN])
        o = sigmoid(g[:, HIDDEN : 2 * HIDDEN])
        f = sigmoid(g[:, 2 * HIDDEN : 3 * HIDDEN])
        cc = anp.tanh(g[:, 3 * HIDDEN :])
        c = f * c + i * cc
        h = o * anp.tanh(c)
    return anp.dot(h, w_out) + b_out


def loss(params, x, y, pos_weight):
    z = forward_logit(params, x)
    # Binary cross-entropy with logits, stable form; positives weighted to balance the classes.
    per = anp.maximum(z, 0) - z * y + anp.log1p(anp.exp(-anp.abs(z)))
    w = 1.0 + (pos_weight - 1.0) * y
    return anp.sum(w * per) / anp.sum(w)


def init(rng):
    k = 1.0 / np.sqrt(HIDDEN)
    W = rng.uniform(-k, k, (4 * HIDDEN, NF))
    R = rng.uniform(-k, k, (4 * HIDDEN, HIDDEN))
    b = np.zeros(4 * HIDDEN)
    b[2 * HIDDEN : 3 * HIDDEN] = 1.0  # forget gate bias 1: remember by default
    w_out = rng.uniform(-k, k, HIDDEN)
    return [W, R, b, w_out, np.array(0.0)]


def auc(score, y):
    """Area under the ROC curve (Mann-Whitney, ties averaged)."""
    order = np.argsort(score, kind="mergesort")
    ranks = np.empty(len(score))
    s = score[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = y > 0.5
    npos, nneg = pos.sum(), (~pos).sum()
    if npos == 0 or nneg == 0:
        return float("nan")
    return float((ranks[pos].sum() - npos * (npos + 1) / 2) / (npos * nneg))


def metrics(p, y, threshold=0.5):
    pred = p >= threshold
    tp = float(np.sum(pred & (y > 0.5)))
    fp = float(np.sum(pred & (y < 0.5)))
    fn = float(np.sum(~pred & (y > 0.5)))
    return {
        "auc": round(auc(p, y), 4),
        "precision": round(tp / max(tp + fp, 1), 4),
        "recall": round(tp / max(tp + fn, 1), 4),
        "threshold": threshold,
        "windows": int(len(y)),
        "positives": int(np.sum(y > 0.5)),
    }


def export_onnx(params, path):
    W, R, b, w_out, b_out = [np.asarray(p, dtype=np.float32) for p in params]
    inits = [
        helper.make_tensor("W", TensorProto.FLOAT, [1, 4 * HIDDEN, NF], W.flatten()),
        helper.make_tensor("R", TensorProto.FLOAT, [1, 4 * HIDDEN, HIDDEN], R.flatten()),
        # ONNX's B is [Wb, Rb]; training used one bias, so Rb is zero.
        helper.make_tensor("B", TensorProto.FLOAT, [1, 8 * HIDDEN], np.concatenate([b, np.zeros_like(b)])),
        helper.make_tensor("w_out", TensorProto.FLOAT, [HIDDEN, 1], w_out.reshape(HIDDEN, 1).flatten()),
        helper.make_tensor("b_out", TensorProto.FLOAT, [1], b_out.reshape(1)),
        helper.make_tensor("squeeze_axes", TensorProto.INT64, [1], [0]),
    ]
    nodes = [
        helper.make_node("Transpose", ["window"], ["x_tnf"], perm=[1, 0, 2]),
        helper.make_node("LSTM", ["x_tnf", "W", "R", "B"], ["", "h_last"], hidden_size=HIDDEN),
        helper.make_node("Squeeze", ["h_last", "squeeze_axes"], ["h"]),
        helper.make_node("MatMul", ["h", "w_out"], ["logit0"]),
        helper.make_node("Add", ["logit0", "b_out"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], ["likelihood"]),
    ]
    graph = helper.make_graph(
        nodes,
        "foresight_lstm",
        [helper.make_tensor_value_info("window", TensorProto.FLOAT, ["batch", WINDOW, NF])],
        [helper.make_tensor_value_info("likelihood", TensorProto.FLOAT, ["batch", 1])],
        inits,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="foresight models/lstm/train.py",
        doc_string="Foresight shipped LSTM: [batch, 30 min, 21 zone features] -> likelihood that an "
        "incident is under way in the zone within 30 min. Trained on simulated data only.",
    )
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


def export_onnx_unrolled(params, path):
    """The same LSTM as `export_onnx`, written out step by step: the input projection of all 30 steps
    as one MatMul, then per step one [batch, 32] x [32, 128] product and the gate arithmetic. Tried
    because tract runs the ONNX LSTM op as a Scan with eight small products per step; measured slower
    than the LSTM op in both tract and onnxruntime (BENCHMARKS.md), so not shipped."""
    W, R, b, w_out, b_out = [np.asarray(p, dtype=np.float32) for p in params]
    inits = [
        helper.make_tensor("W_t", TensorProto.FLOAT, [NF, 4 * HIDDEN], W.T.copy().flatten()),
        helper.make_tensor("R_t", TensorProto.FLOAT, [HIDDEN, 4 * HIDDEN], R.T.copy().flatten()),
        helper.make_tensor("b", TensorProto.FLOAT, [4 * HIDDEN], b),
        helper.make_tensor("w_out", TensorProto.FLOAT, [HIDDEN, 1], w_out.reshape(HIDDEN, 1).flatten()),
        helper.make_tensor("b_out", TensorProto.FLOAT, [1], b_out.reshape(1)),
        helper.make_tensor("split_gates", TensorProto.INT64, [2], [3 * HIDDEN, HIDDEN]),
    ]
    nodes = [
        helper.make_node("MatMul", ["window", "W_t"], ["xw0"]),
        helper.make_node("Add", ["xw0", "b"], ["xw"]),  # [batch, WINDOW, 4H]
    ]
    h = c = None
    for t in range(WINDOW):
        inits.append(helper.make_tensor(f"t{t}", TensorProto.INT64, [], [t]))
        nodes.append(helper.make_node("Gather", ["xw", f"t{t}"], [f"x{t}"], axis=1))
        if h is None:
            gates = f"x{t}"
        else:
            nodes.append(helper.make_node("MatMul", [h, "R_t"], [f"hr{t}"]))
            nodes.append(helper.make_node("Add", [f"x{t}", f"hr{t}"], [f"g{t}"]))
            gates = f"g{t}"
        nodes += [
            helper.make_node("Split", [gates, "split_gates"], [f"iof_pre{t}", f"cc_pre{t}"], axis=1),
            helper.make_node("Sigmoid", [f"iof_pre{t}"], [f"iof{t}"]),
            helper.make_node("Split", [f"iof{t}"], [f"i{t}", f"o{t}", f"f{t}"], axis=1, num_outputs=3),
            helper.make_node("Tanh", [f"cc_pre{t}"], [f"cc{t}"]),
            helper.make_node("Mul", [f"i{t}", f"cc{t}"], [f"ic{t}"]),
        ]
        if c is None:
            c_new = f"ic{t}"
        else:
            nodes.append(helper.make_node("Mul", [f"f{t}", c], [f"fc{t}"]))
            nodes.append(helper.make_node("Add", [f"fc{t}", f"ic{t}"], [f"c{t}"]))
            c_new = f"c{t}"
        nodes += [
            helper.make_node("Tanh", [c_new], [f"tc{t}"]),
            helper.make_node("Mul", [f"o{t}", f"tc{t}"], [f"h{t}"]),
        ]
        h, c = f"h{t}", c_new
    nodes += [
        helper.make_node("MatMul", [h, "w_out"], ["logit0"]),
        helper.make_node("Add", ["logit0", "b_out"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], ["likelihood"]),
    ]
    graph = helper.make_graph(
        nodes,
        "foresight_lstm",
        [helper.make_tensor_value_info("window", TensorProto.FLOAT, ["batch", WINDOW, NF])],
        [helper.make_tensor_value_info("likelihood", TensorProto.FLOAT, ["batch", 1])],
        inits,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 18)],
        producer_name="foresight models/lstm/train.py",
        doc_string="Foresight shipped LSTM (unrolled): [batch, 30 min, 21 zone features] -> likelihood that "
        "an incident is under way in the zone within 30 min. Trained on simulated data only.",
    )
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


def params_from_onnx(path):
    """The weights of a model written by `export_onnx` (the LSTM-op graph)."""
    t = {i.name: onnx.numpy_helper.to_array(i) for i in onnx.load(path).graph.initializer}
    return [t["W"][0], t["R"][0], t["B"][0, : 4 * HIDDEN], t["w_out"].reshape(-1), t["b_out"].reshape(())]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("--out", default=str(pathlib.Path(__file__).parent))
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--seed", type=int, default=20260105)
    ap.add_argument("--holdout", type=float, default=0.25, help="share of the period held out (the end)")
    ap.add_argument("--stride", type=int, default=2, help="use every n-th training window")
    ap.add_argument(
        "--graph",
        choices=["lstm", "unrolled"],
        default="lstm",
        help="the ONNX LSTM op (shipped: faster in both tract and onnxruntime on this machine) or an unrolled graph",
    )
    args = ap.parse_args()
    started = time.time()
    rng = np.random.default_rng(args.seed)
    data = load(args.dataset)
    series = windows_by_zone(data)
    t0, t1 = data[:, 0].min(), data[:, 0].max()
    split = t0 + (1 - args.holdout) * (t1 - t0)
    # A gap of a window and a horizon between training and held-out windows, so none share minutes.
    gap = (WINDOW + 30) * 60_000
    x_tr, y_tr, _ = make_windows(series, t0, split - gap)
    x_te, y_te, s_te = make_windows(series, split, t1 + 1)
    x_tr, y_tr = x_tr[:: args.stride], y_tr[:: args.stride]
    flat = x_tr.reshape(-1, NF)
    mean = flat.mean(axis=0).astype(np.float32)
    std = flat.std(axis=0)
    std = np.where(std < 1e-6, 1.0, std).astype(np.float32)  # constant in training: pass through

    def norm(x):
        # float32 like the Rust side ((x - mean) / std in f32), so both feed the model the same bits.
        return (x.astype(np.float32) - mean) / std

    xn_tr = norm(x_tr).astype(np.float64)
    xn_te = norm(x_te).astype(np.float64)
    pos_rate = float(y_tr.mean())
    pos_weight = (1 - pos_rate) / max(pos_rate, 1e-6)
    print(f"train windows {len(y_tr)} (positives {pos_rate:.3f}), held-out {len(y_te)}; loaded in {time.time() - started:.0f} s")

    params = init(rng)
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    g_loss = grad(loss)
    step = 0
    b1, b2, eps = 0.9, 0.999, 1e-8
    for epoch in range(args.epochs):
        order = rng.permutation(len(y_tr))
        lr = args.lr * (0.5 ** (epoch // 2))
        total = 0.0
        for k in range(0, len(order), args.batch):
            idx = order[k : k + args.batch]
            g = g_loss(params, xn_tr[idx], y_tr[idx], pos_weight)
            step += 1
            for j in range(len(params)):
                gj = np.clip(g[j], -1.0, 1.0)
                m[j] = b1 * m[j] + (1 - b1) * gj
                v[j] = b2 * v[j] + (1 - b2) * gj * gj
                mh = m[j] / (1 - b1**step)
                vh = v[j] / (1 - b2**step)
                params[j] = params[j] - lr * mh / (np.sqrt(vh) + eps)
        for k in range(0, 20_000, 2_000):
            idx = order[k : k + 2_000]
            total += float(loss(params, xn_tr[idx], y_tr[idx], pos_weight)) * len(idx)
        print(f"epoch {epoch + 1}/{args.epochs}: train loss {total / min(20_000, len(order)):.4f} ({time.time() - started:.0f} s)")

    p_te = np.concatenate(
        [1 / (1 + np.exp(-forward_logit(params, xn_te[k : k + 4096]))) for k in range(0, len(y_te), 4096)]
    )
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (export_onnx if args.graph == "lstm" else export_onnx_unrolled)(params, str(out / "model.onnx"))
    mapping = {
        "window": WINDOW,
        "step_seconds": 60,
        "horizon_minutes": 30,
        "features": [
            {"name": n, "unit": u, "source": s, "mean": float(mean[i]), "std": float(std[i])}
            for i, (n, u, s) in enumerate(FEATURES)
        ],
    }
    (out / "mapping.json").write_text(json.dumps(mapping, ensure_ascii=False, indent=2) + "\n")
    report = {
        "held_out": metrics(p_te, y_te),
        "held_out_strict_start_label": metrics(p_te, s_te),
        "training_seconds": round(time.time() - started, 1),
        "train_windows": int(len(y_tr)),
        "seed": args.seed,
        "epochs": args.epochs,
        "split_ms": int(split),
    }
    (out / "metrics.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
