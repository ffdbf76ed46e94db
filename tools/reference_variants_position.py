#!/usr/bin/env python3
"""Independent numpy reference for the by-position variants (hard, local-m, local-p, area).

Written from the formulas in the variants' Javadoc, not from the Java code, with the reference
components dot (s = q·k) and masked softmax. Writes one fixed padded case and its results to
attention-variants/src/test/resources/dev/attention/variants/position-reference.txt, read by
PositionReferenceTest. Regenerate with:

    python3 tools/reference_variants_position.py

Line format: `name dim... : value...` (row-major; `#` starts a comment).
"""
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / (
    "attention-variants/src/test/resources/dev/attention/variants/position-reference.txt")

MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def mix(z):
    z &= MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def uniform(seed, *coords):
    """Counter-based uniform in [0, 1): SplitMix64 finaliser chained over the coordinates."""
    z = mix(seed)
    for c in coords:
        z = mix(z + GOLDEN * (c + 1))
    return (z >> 11) * 2.0 ** -53


def softmax(s, allowed):
    w = np.zeros_like(s)
    if allowed.any():
        e = np.exp(s[allowed] - s[allowed].max())
        w[allowed] = e / e.sum()
    return w


def allowed_matrix(n, m, qlen, klen):
    a = np.zeros((n, m), dtype=bool)
    a[:qlen, :klen] = True
    return a


def hard(q, k, v, qlens, klens, kk, mode, seed):
    B, n, m = q.shape[0], q.shape[1], k.shape[1]
    weights = np.zeros((B, n, m))
    positions = -np.ones((B, n, kk))
    for b in range(B):
        allowed = allowed_matrix(n, m, qlens[b], klens[b])
        for i in range(n):
            w = softmax(q[b, i] @ k[b].T, allowed[i])
            free = [j for j in range(m) if allowed[i, j]]
            chosen = []
            for t in range(min(kk, len(free))):
                if mode == "top-k":
                    j = max(free, key=lambda j: (w[j], -j))  # largest weight, then lowest index
                else:
                    total = sum(w[j] for j in free)
                    u = uniform(seed, b, i, t) * total
                    cum, j = 0.0, free[-1]
                    for c in free:
                        cum += w[c]
                        if u < cum:
                            j = c
                            break
                chosen.append(j)
                free.remove(j)
            z = sum(w[c] for c in chosen)
            for t, c in enumerate(chosen):
                positions[b, i, t] = c
                weights[b, i, c] = w[c] / z
    return weights @ v, weights, positions


def local_m(q, k, v, qlens, klens, window):
    B, n, m = q.shape[0], q.shape[1], k.shape[1]
    weights = np.zeros((B, n, m))
    for b in range(B):
        allowed = allowed_matrix(n, m, qlens[b], klens[b])
        for i in range(n):
            band = np.array([abs(j - i) <= window for j in range(m)])
            weights[b, i] = softmax(q[b, i] @ k[b].T, allowed[i] & band)
    return weights @ v, weights


def local_p(q, k, v, qlens, klens, window, w_p, v_p):
    B, n, m = q.shape[0], q.shape[1], k.shape[1]
    sigma = window / 2
    weights = np.zeros((B, n, m))
    centres = np.zeros((B, n, 1))
    for b in range(B):
        allowed = allowed_matrix(n, m, qlens[b], klens[b])
        S = klens[b]
        for i in range(qlens[b]):
            z = (v_p @ np.tanh(w_p @ q[b, i]))[0]
            p = S / (1 + np.exp(-z))
            centres[b, i, 0] = p
            c = int(min(max(np.floor(p + 0.5), 0), S - 1))
            win = np.array([abs(j - c) <= window for j in range(m)])
            w = softmax(q[b, i] @ k[b].T, allowed[i] & win)
            js = np.arange(m)
            weights[b, i] = w * np.exp(-(js - p) ** 2 / (2 * sigma ** 2))
    return weights @ v, weights, centres


def area(q, k, v, qlens, klens, max_width):
    B, n, m = q.shape[0], q.shape[1], k.shape[1]
    areas = [(s, w) for w in range(1, min(max_width, m) + 1) for s in range(m - w + 1)]
    A = len(areas)
    weights = np.zeros((B, n, A))
    out = np.zeros((B, n, v.shape[2]))
    for b in range(B):
        real = np.array([s + w <= klens[b] for s, w in areas])
        ak = np.array([k[b, s:s + w].mean(axis=0) for s, w in areas])
        av = np.array([v[b, s:s + w].sum(axis=0) for s, w in areas])
        for i in range(n):
            if i < qlens[b]:
                weights[b, i] = softmax(ak @ q[b, i], real)
        out[b] = weights[b] @ np.where(real[:, None], av, 0)
    starts = np.array([[s for s, _ in areas]] * B, dtype=float).reshape(B, 1, A)
    widths = np.array([[w for _, w in areas]] * B, dtype=float).reshape(B, 1, A)
    return out, weights, starts, widths


def line(name, a):
    a = np.asarray(a, dtype=float)
    return f"{name} {' '.join(map(str, a.shape))} : {' '.join(repr(float(x)) for x in a.ravel())}"


def main():
    rng = np.random.default_rng(2024)
    q = np.round(rng.uniform(-2, 2, (2, 3, 2)), 2)
    k = np.round(rng.uniform(-2, 2, (2, 5, 2)), 2)
    v = np.round(rng.uniform(-2, 2, (2, 5, 2)), 2)
    qlens, klens = [3, 2], [5, 3]
    w_p = np.round(rng.uniform(-1, 1, (3, 2)), 2)
    v_p = np.round(rng.uniform(-1, 1, (1, 3)), 2)
    seed = 42
    lines = [
        "# Generated by tools/reference_variants_position.py (numpy " + np.__version__ + "); do not edit.",
        "# Inputs: batch 2, n = 3, m = 5, d = d_v = 2; query lengths [3, 2], key lengths [5, 3];",
        "# alignment dot, distribution masked softmax. hard: k = 2 (top-k; sample with seed 42);",
        "# local-m: window 1; local-p: window 2, hidden 3 with the W_p, v_p below; area: max-width 2.",
        line("queries", q), line("keys", k), line("values", v),
        line("query_lengths", np.array([qlens])), line("key_lengths", np.array([klens])),
        line("W_p", w_p), line("v_p", v_p),
    ]
    o, w, pos = hard(q, k, v, qlens, klens, 2, "top-k", seed)
    lines += [line("hard-top-k.output", o), line("hard-top-k.weights", w), line("hard-top-k.positions", pos)]
    o, w, pos = hard(q, k, v, qlens, klens, 2, "sample", seed)
    lines += [line("hard-sample.output", o), line("hard-sample.weights", w), line("hard-sample.positions", pos)]
    o, w = local_m(q, k, v, qlens, klens, 1)
    lines += [line("local-m.output", o), line("local-m.weights", w)]
    o, w, c = local_p(q, k, v, qlens, klens, 2, w_p, v_p)
    lines += [line("local-p.output", o), line("local-p.weights", w), line("local-p.centres", c)]
    o, w, s, wd = area(q, k, v, qlens, klens, 2)
    lines += [line("area.output", o), line("area.weights", w), line("area.area_start", s),
              line("area.area_width", wd)]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
