#!/usr/bin/env python3
"""The numpy side of bench/compare.sh.

  numpy_reference.py time DIR REPS NAME...   times softmax(Q Kᵀ/√d) V in float32 on DIR/NAME.{q,k,v}.npy,
                                            writes DIR/NAME.numpy.npy, appends "NAME seconds..." to DIR/numpy.times
  numpy_reference.py sgemm                  prints this machine's float32 matrix-multiply GFLOP/s
  numpy_reference.py report DIR NAME...     reads DIR/numpy.times and DIR/ours.times, prints the table

The reference is written the way a numpy user would write it well: one batched matmul for the
scores, the softmax in place (max subtracted, exp, divide by the sum), one matmul with V.
"""
import statistics
import sys
import time

import numpy as np


def attention(q, k, v):
    scale = np.float32(1.0 / np.sqrt(q.shape[-1]))
    s = np.matmul(q, np.swapaxes(k, -1, -2))
    s *= scale
    s -= s.max(axis=-1, keepdims=True)
    np.exp(s, out=s)
    s /= s.sum(axis=-1, keepdims=True)
    return np.matmul(s, v)


def load(d, name):
    return [np.load(f"{d}/{name}.{t}.npy") for t in ("q", "k", "v")]


def time_numpy(d, reps, names):
    with open(f"{d}/numpy.times", "a") as log:
        for name in names:
            q, k, v = load(d, name)
            assert q.dtype == np.float32
            out = attention(q, k, v)  # warm-up: page in, thread pool up
            seconds = []
            for _ in range(reps):
                t0 = time.perf_counter()
                out = attention(q, k, v)
                seconds.append(time.perf_counter() - t0)
            np.save(f"{d}/{name}.numpy.npy", out)
            log.write(name + " " + " ".join(f"{s:.6f}" for s in seconds) + "\n")


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


def report(d, names):
    ours = read_times(f"{d}/ours.times")
    ref = read_times(f"{d}/numpy.times")
    print(f"{'shape':<26} {'ours ms':>9} {'numpy ms':>9} {'ours/numpy':>10} {'ours GFLOP/s':>12} {'max |diff|':>10}")
    for name in names:
        q, k, v = load(d, name)
        b = q.shape[0] if q.ndim == 3 else 1
        n, dd = q.shape[-2], q.shape[-1]
        m = k.shape[-2]
        flops = 4.0 * b * n * m * dd
        o = np.load(f"{d}/{name}.ours.npy").astype(np.float64)
        mo = statistics.median(ours[name])
        if name in ref:
            r = np.load(f"{d}/{name}.numpy.npy").astype(np.float64)
            diff = float(np.max(np.abs(o - r)))
            mr = statistics.median(ref[name])
            print(f"{name:<26} {mo * 1e3:9.2f} {mr * 1e3:9.2f} {mo / mr:10.3f} {flops / mo / 1e9:12.1f} {diff:10.2e}")
        else:
            print(f"{name:<26} {mo * 1e3:9.2f} {'-':>9} {'-':>10} {flops / mo / 1e9:12.1f} {'-':>10}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "time":
        time_numpy(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
    elif cmd == "sgemm":
        print(f"{sgemm():.1f}")
    elif cmd == "report":
        report(sys.argv[2], sys.argv[3:])
    else:
        sys.exit("time, sgemm or report")
