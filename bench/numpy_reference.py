#!/usr/bin/env python3
"""The numpy side of bench/compare.sh.

  numpy_reference.py blas                   prints numpy's version and the BLAS it runs (runtime kernel, threads)
  numpy_reference.py sgemm                  prints this machine's float32 matrix-multiply GFLOP/s
  numpy_reference.py time DIR REPS NAME...  runs each case NAME (settings in DIR/NAME.case, inputs in
                                            DIR/NAME.<tensor>.npy, both written by Compare generate),
                                            writes DIR/NAME.numpy.<result>.npy, appends "NAME seconds..."
                                            to DIR/numpy.times
  numpy_reference.py report DIR NAME...     reads DIR/numpy.times and DIR/ours.log, compares the results,
                                            prints the table; exit status 1 when a case's results disagree

Every reference is written the way a numpy user would write it well: batched matmuls for the
scores, the softmax in place (max subtracted, exp, divide by the sum), masks as −∞ in the full
score matrix, one matmul with V. The multi-head backward is written out by hand (checked against
PyTorch's autograd by bench/check_backward_torch.py).
"""
import ctypes
import statistics
import sys
import time

import numpy as np

# Largest max|ours − numpy| / max|numpy| over a case's results that still counts as agreement.
TOLERANCE = {"float32": 1e-4, "float64": 1e-10}
# b_k's exact gradient is 0: adding the same q·b_k to every score of a row leaves the softmax
# unchanged. Both sides compute rounding noise there, so it is measured against the scale of
# b_q's gradient (the same row sums over dq instead of dk), not against its own tiny maximum.
SCALE_OF = {"db_k": "db_q"}


def softmax_rows(s):
    """In place over the last axis; −∞ entries get weight 0."""
    s -= s.max(axis=-1, keepdims=True)
    np.exp(s, out=s)
    s /= s.sum(axis=-1, keepdims=True)
    return s


def scores(q, k):
    s = np.matmul(q, np.swapaxes(k, -1, -2))
    s *= q.dtype.type(1.0 / np.sqrt(q.shape[-1]))
    return s


def attention(q, k, v):
    """softmax(Q Kᵀ/√d) V over the last two axes, any leading (batch, head) axes."""
    return np.matmul(softmax_rows(scores(q, k)), v)


def causal_attention(x):
    """Self-attention of x with itself, key j visible to query i when j ≤ i: the upper triangle is −∞."""
    n = x.shape[-2]
    s = scores(x, x)
    s[..., np.triu(np.ones((n, n), dtype=bool), 1)] = -np.inf
    return np.matmul(softmax_rows(s), x)


def cross_attention(q, k, v, lengths):
    """Keys j ≥ lengths[e] of batch entry e are padding: −∞ in the scores."""
    s = scores(q, k)
    pad = np.arange(k.shape[-2])[None, :] >= lengths[:, None]
    np.copyto(s, -np.inf, where=pad[:, None, :])
    return np.matmul(softmax_rows(s), v)


def gqa_attention(q, k, v):
    """q [b, h_q, n, d], k, v [b, h_kv, m, d]: each kv head repeated for its h_q/h_kv query heads."""
    group = q.shape[1] // k.shape[1]
    return attention(q, np.repeat(k, group, axis=1), np.repeat(v, group, axis=1))


def mha_forward(x, p, heads, causal=False):
    """PyTorch's nn.MultiheadAttention on x [b, n, E] (self): returns the output and what backward needs.

    p holds W_q, W_k, W_v, W_o [E, E] and b_q, b_k, b_v, b_o [1, E].
    """
    b, n, e = x.shape
    dh = e // heads

    def split(t):  # [b, n, E] → [b, h, n, d_h]
        return t.reshape(b, n, heads, dh).transpose(0, 2, 1, 3)

    q = split(x @ p["W_q"].T + p["b_q"])
    k = split(x @ p["W_k"].T + p["b_k"])
    v = split(x @ p["W_v"].T + p["b_v"])
    s = scores(q, k)
    if causal:
        s[..., np.triu(np.ones((n, n), dtype=bool), 1)] = -np.inf
    w = softmax_rows(s)
    o = np.matmul(w, v).transpose(0, 2, 1, 3).reshape(b, n, e)
    out = o @ p["W_o"].T + p["b_o"]
    return out, (x, q, k, v, w, o)


def mha_backward(saved, p, g):
    """Gradients of L = sum(out · g) for mha_forward: x, every W and bias. Shapes as the parameters."""
    x, q, k, v, w, o = saved
    b, n, e = x.shape
    heads, dh = q.shape[1], q.shape[3]

    def split(t):
        return t.reshape(b, n, heads, dh).transpose(0, 2, 1, 3)

    def merge(t):  # [b, h, n, d_h] → [b, n, E]
        return t.transpose(0, 2, 1, 3).reshape(b, n, e)

    def rows(t):  # [b, n, E] → [b·n, E]
        return t.reshape(-1, e)

    grads = {}
    # out = o W_oᵀ + b_o
    grads["W_o"] = rows(g).T @ rows(o)
    grads["b_o"] = rows(g).sum(axis=0, keepdims=True)
    do = split(g @ p["W_o"])
    # o_h = w v_h;  w = softmax(s), s = q kᵀ/√d_h: ds = w ⊙ (dw − Σ_j dw ⊙ w)
    dv = np.matmul(np.swapaxes(w, -1, -2), do)
    dw = np.matmul(do, np.swapaxes(v, -1, -2))
    ds = w * (dw - (dw * w).sum(axis=-1, keepdims=True))
    ds *= x.dtype.type(1.0 / np.sqrt(dh))
    dq = np.matmul(ds, k)
    dk = np.matmul(np.swapaxes(ds, -1, -2), q)
    # q = x W_qᵀ + b_q etc.; x feeds all three
    dx = np.zeros_like(x)
    for name, d in (("q", dq), ("k", dk), ("v", dv)):
        d = merge(d)
        grads["W_" + name] = rows(d).T @ rows(x)
        grads["b_" + name] = rows(d).sum(axis=0, keepdims=True)
        dx += d @ p["W_" + name]
    grads["x"] = dx
    return grads


MHA_PARAMETERS = ("W_q", "W_k", "W_v", "W_o", "b_q", "b_k", "b_v", "b_o")


def read_case(d, name):
    f = open(f"{d}/{name}.case").read().split()
    return {"kind": f[0], "dtype": f[1], "b": int(f[2]), "n": int(f[3]), "m": int(f[4]), "d": int(f[5]),
            "hq": int(f[6]), "hkv": int(f[7])}


def prepare(d, name):
    """The case's inputs and a function computing its results {name: array} from them."""
    case = read_case(d, name)
    kind = case["kind"]

    def load(t):
        return np.load(f"{d}/{name}.{t}.npy")

    if kind == "global":
        q, k, v = load("q"), load("k"), load("v")
        return case, lambda: {"output": attention(q, k, v)}
    if kind == "causal":
        x = load("x")
        return case, lambda: {"output": causal_attention(x)}
    if kind == "cross":
        q, k, v = load("q"), load("k"), load("v")
        lengths = load("lengths").reshape(-1).astype(np.int64)
        return case, lambda: {"output": cross_attention(q, k, v, lengths)}
    if kind == "gqa":
        q, k, v = load("q"), load("k"), load("v")
        return case, lambda: {"output": gqa_attention(q, k, v)}
    if kind in ("mha", "mha-train"):
        x = load("x")
        p = {w: load(w) for w in MHA_PARAMETERS}
        if kind == "mha":
            return case, lambda: {"output": mha_forward(x, p, case["hq"])[0]}
        g = load("g")

        def step():
            out, saved = mha_forward(x, p, case["hq"])
            grads = mha_backward(saved, p, g)
            res = {"output": out}
            res.update({"d" + t: a for t, a in grads.items()})
            return res
        return case, step
    sys.exit(f"unknown case kind {kind}")


def time_numpy(d, reps, names):
    with open(f"{d}/numpy.times", "a") as log:
        for name in names:
            case, call = prepare(d, name)
            out = call()  # warm-up: page in, thread pool up
            seconds = []
            for _ in range(reps):
                t0 = time.perf_counter()
                out = call()
                seconds.append(time.perf_counter() - t0)
            for t, a in out.items():
                assert a.dtype == np.dtype(case["dtype"]), f"{name}.{t} is {a.dtype}, not {case['dtype']}"
                np.save(f"{d}/{name}.numpy.{t}.npy", a)
            log.write(name + " " + " ".join(f"{s:.6f}" for s in seconds) + "\n")
            log.flush()


def blas():
    """numpy's version and the BLAS it runs: threadpoolctl when installed, else OpenBLAS asked directly."""
    text = f"numpy {np.__version__}"
    try:
        import threadpoolctl
        info = [f"{i.get('internal_api')} {i.get('version')} kernel {i.get('architecture')}, "
                f"{i.get('num_threads')} threads" for i in threadpoolctl.threadpool_info()
                if i.get("user_api") == "blas"]
        if info:
            return text + " on " + "; ".join(info) + " (threadpoolctl)"
    except ImportError:
        pass
    # The runtime kernel (DYNAMIC_ARCH picks it at load time, OPENBLAS_CORETYPE overrides it):
    # ask the OpenBLAS library numpy loaded, found among this process's mapped files.
    np.ones((2, 2)) @ np.ones((2, 2))
    try:
        libs = sorted({line.split()[-1] for line in open("/proc/self/maps") if "openblas" in line.lower()})
    except OSError:
        libs = []
    for path in libs:
        lib = ctypes.CDLL(path)
        for prefix, suffix in (("scipy_", "64_"), ("", "64_"), ("", "")):
            try:
                corename = getattr(lib, f"{prefix}openblas_get_corename{suffix}")
                config = getattr(lib, f"{prefix}openblas_get_config{suffix}")
                threads = getattr(lib, f"{prefix}openblas_get_num_threads{suffix}")
            except AttributeError:
                continue
            corename.restype = ctypes.c_char_p
            config.restype = ctypes.c_char_p
            return (text + f" on OpenBLAS, runtime kernel {corename().decode()}, {threads()} threads"
                    f" ({config().decode().strip()})")
    try:
        cfg = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return text + f" on {cfg.get('name')} {cfg.get('version')} (build config: {cfg.get('openblas configuration')})"
    except Exception:  # older numpy: no dict mode
        return text + " (BLAS unknown)"


def sgemm():
    n = 2048
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    a @ b
    seconds = []
    for _ in range(7):
        t0 = time.perf_counter()
        a @ b
        seconds.append(time.perf_counter() - t0)
    return 2 * n ** 3 / statistics.median(seconds) / 1e9


def read_times(path):
    times = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            times.setdefault(parts[0], []).extend(float(x) for x in parts[1:])
    return times


def read_ours(path):
    """ours.log lines: NAME median min path peakMiB [sorted seconds]; every rep of every round."""
    times, paths, peaks = {}, {}, {}
    with open(path) as f:
        for line in f:
            parts = line.replace("[", " ").replace("]", " ").replace(",", " ").split()
            times.setdefault(parts[0], []).extend(float(x) for x in parts[5:])
            paths[parts[0]] = parts[3]
            peaks[parts[0]] = max(peaks.get(parts[0], 0), int(parts[4]))
    return times, paths, peaks


def agreement(d, name):
    """max over the case's results of max|ours − numpy| / max|numpy|, and the worst result's name."""
    import glob
    import os
    worst, which = 0.0, "-"
    refs = sorted(glob.glob(f"{d}/{name}.numpy.*.npy"))
    if not refs:
        return float("nan"), "no numpy results"
    for ref_path in refs:
        t = ref_path[len(f"{d}/{name}.numpy."):-len(".npy")]
        ours_path = f"{d}/{name}.ours.{t}.npy"
        if not os.path.exists(ours_path):
            return float("inf"), f"{t} missing"
        r = np.load(ref_path).astype(np.float64).reshape(-1)
        o = np.load(ours_path).astype(np.float64).reshape(-1)
        if r.shape != o.shape:
            return float("inf"), f"{t} sizes {o.size} vs {r.size}"
        scale = np.load(f"{d}/{name}.numpy.{SCALE_OF[t]}.npy") if t in SCALE_OF else r
        rel = float(np.max(np.abs(o - r)) / max(float(np.max(np.abs(scale))), 1e-300))
        if not rel <= worst:  # NaN counts as the worst
            worst, which = rel, t
    return worst, which


def report(d, names):
    ours, paths, peaks = read_ours(f"{d}/ours.log")
    ref = read_times(f"{d}/numpy.times")
    print(f"{'case':<16} {'dtype':<8} {'shape':<30} {'ours ms':>10} {'numpy ms':>10} {'ours/numpy':>10}"
          f" {'max rel diff':>12}  {'agree':<5} {'path':<16} {'heap MiB':>8}")
    bad = []
    for name in names:
        case = read_case(d, name)
        kind, b, n, m, dd, hq, hkv = (case[x] for x in ("kind", "b", "n", "m", "d", "hq", "hkv"))
        shape = {"global": f"b{b} n{n} m{m} d{dd}" if b else f"n{n} m{m} d{dd}",
                 "causal": f"b{b} n{n} d{dd}" if b else f"n{n} d{dd}",
                 "cross": f"b{b} n{n} m{m} d{dd} lengths",
                 "gqa": f"b{b} h{hq}/{hkv} n{n} m{m} d{dd}",
                 "mha": f"b{b} n{n} E{dd} h{hq}",
                 "mha-train": f"b{b} n{n} E{dd} h{hq}"}[kind]
        mo = statistics.median(ours[name]) if name in ours else float("nan")
        mr = statistics.median(ref[name]) if name in ref else float("nan")
        rel, which = agreement(d, name)
        ok = rel <= TOLERANCE[case["dtype"]]
        if not ok:
            bad.append(f"{name} ({which}: {rel:.2e})")
        print(f"{name:<16} {case['dtype']:<8} {shape:<30} {mo * 1e3:10.2f} {mr * 1e3:10.2f} {mo / mr:10.3f}"
              f" {rel:12.2e}  {'ok' if ok else 'NO':<5} {paths.get(name, '-'):<16} {peaks.get(name, 0):8d}")
    if bad:
        print("DISAGREE beyond tolerance " + str(TOLERANCE) + ": " + ", ".join(bad))
        return 1
    return 0


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "time":
        time_numpy(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
    elif cmd == "sgemm":
        print(f"{sgemm():.1f}")
    elif cmd == "blas":
        print(blas())
    elif cmd == "report":
        sys.exit(report(sys.argv[2], sys.argv[3:]))
    else:
        sys.exit("blas, sgemm, time or report")
