#!/usr/bin/env python3
"""Reference values for the learnable alignments, computed independently with numpy.

Writes attention-alignments/src/test/resources/reference/alignments.csv, read by
ReferenceAlignmentsTest. For each case it records the fixed inputs (queries, keys), the fixed
parameters (set in Java with withParameters), a score gradient G, and the expected scores and
gradients of L = sum(G * scores) with respect to queries, keys and every parameter.

The gradients are written as vectorised einsum formulas and, before anything is written,
checked here against central finite differences, so the file never holds an unchecked value.

Run from the repository root:  python3 tools/reference_alignments.py
"""
import csv
import math
import os

import numpy as np

OUT = os.path.join("attention-alignments", "src", "test", "resources", "reference", "alignments.csv")


def fixed(shape, start, step=0.37):
    """Deterministic, irregular values in [-1, 1] (no RNG, so the file is reproducible anywhere)."""
    n = int(np.prod(shape))
    return np.array([math.sin(start + step * 7.1 * k) for k in range(n)]).reshape(shape)


def over_batch(x, rank=2):
    """Sums a per-batch-element parameter gradient over the batch dimensions."""
    return x.reshape((-1,) + x.shape[-rank:]).sum(axis=0)


# ---- the alignments: forward(q, k, params) -> scores, grads(q, k, params, G) -> dict

def general(q, k, p):
    return np.einsum("...ic,cd,...jd->...ij", q, p["W"], k)


def general_grads(q, k, p, g):
    w = p["W"]
    return {"queries": np.einsum("...ij,cd,...jd->...ic", g, w, k),
            "keys": np.einsum("...ij,...ic,cd->...jd", g, q, w),
            "W": over_batch(np.einsum("...ij,...ic,...jd->...cd", g, q, k))}


def additive(q, k, p):
    t = np.tanh((q @ p["W_q"].T)[..., :, None, :] + (k @ p["W_k"].T)[..., None, :, :])
    return t @ p["v"][0]


def additive_grads(q, k, p, g):
    t = np.tanh((q @ p["W_q"].T)[..., :, None, :] + (k @ p["W_k"].T)[..., None, :, :])
    z = g[..., None] * p["v"][0] * (1 - t ** 2)          # [..., n, m, h]
    da, dc = z.sum(axis=-2), z.sum(axis=-3)               # over keys, over queries
    return {"queries": da @ p["W_q"], "keys": dc @ p["W_k"],
            "W_q": over_batch(np.einsum("...ih,...ic->...hc", da, q)),
            "W_k": over_batch(np.einsum("...jh,...jc->...hc", dc, k)),
            "v": over_batch(np.einsum("...ij,...ijh->...h", g, t)[..., None, :])}


def diff(q, k):
    return q[..., :, None, :] - k[..., None, :, :]


def gaussian(q, k, p):
    sigma = math.exp(p["log_sigma"][0, 0])
    return -(diff(q, k) ** 2).sum(-1) / (2 * sigma ** 2)


def gaussian_grads(q, k, p, g):
    sigma = math.exp(p["log_sigma"][0, 0])
    c = -(g / sigma ** 2)[..., None] * diff(q, k)
    s = gaussian(q, k, p)
    return {"queries": c.sum(-2), "keys": -c.sum(-3), "log_sigma": np.array([[(g * -2 * s).sum()]])}


def laplace(q, k, p):
    return -np.linalg.norm(diff(q, k), axis=-1) / math.exp(p["log_b"][0, 0])


def laplace_grads(q, k, p, g):
    b = math.exp(p["log_b"][0, 0])
    dist = np.linalg.norm(diff(q, k), axis=-1)
    c = -(g / (b * dist))[..., None] * diff(q, k)
    return {"queries": c.sum(-2), "keys": -c.sum(-3), "log_b": np.array([[(g * dist / b).sum()]])}


def location(q, k, p):
    return (q @ p["W"].T)[..., : k.shape[-2]]


def location_grads(q, k, p, g):
    m = k.shape[-2]
    w = p["W"][:m]
    dw = np.zeros_like(p["W"])
    dw[:m] = over_batch(np.einsum("...ij,...ic->...jc", g, q))
    return {"queries": g @ w, "keys": np.zeros_like(k), "W": dw}


def cosine(q, k, p):
    qn = q / np.linalg.norm(q, axis=-1, keepdims=True)
    kn = k / np.linalg.norm(k, axis=-1, keepdims=True)
    return p["scale"][0, 0] * qn @ np.swapaxes(kn, -1, -2)


def cosine_grads(q, k, p, g):
    c = p["scale"][0, 0]
    qnorm = np.linalg.norm(q, axis=-1, keepdims=True)
    knorm = np.linalg.norm(k, axis=-1, keepdims=True)
    u = (q / qnorm) @ np.swapaxes(k / knorm, -1, -2)
    # d u_ij / d q_i = k_j/(|q||k|) - u_ij q_i/|q|^2
    dq = c * ((g / qnorm / np.swapaxes(knorm, -1, -2)) @ k - (g * u).sum(-1, keepdims=True) * q / qnorm ** 2)
    dk = c * ((np.swapaxes(g, -1, -2) / knorm / np.swapaxes(qnorm, -1, -2)) @ q
              - (g * u).sum(-2)[..., None] * k / knorm ** 2)
    return {"queries": dq, "keys": dk, "scale": np.array([[(g * u).sum()]])}


# ---- finite-difference check of every analytic gradient above

def numeric(f, x, h=1e-6):
    out = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        orig = x[idx]
        x[idx] = orig + h
        up = f()
        x[idx] = orig - h
        down = f()
        x[idx] = orig
        out[idx] = (up - down) / (2 * h)
    return out


def check(name, fwd, grads, q, k, p, g):
    analytic = grads(q, k, p, g)
    loss = lambda: float((g * fwd(q, k, p)).sum())
    for what, x in [("queries", q), ("keys", k)] + list(p.items()):
        num = numeric(loss, x)
        err = np.abs(num - analytic[what]).max()
        assert err < 1e-7, f"{name}: gradient of {what} off by {err}"
    return analytic


CASES = [
    # name, forward, gradients, queries, keys, parameters
    ("general", general, general_grads, fixed((2, 2, 3), 0.1), fixed((2, 3, 2), 1.3),
     {"W": fixed((3, 2), 2.9)}),
    ("additive", additive, additive_grads, fixed((2, 2, 3), 0.2), fixed((2, 3, 2), 1.4),
     {"W_q": fixed((4, 3), 3.1), "W_k": fixed((4, 2), 4.2), "v": fixed((1, 4), 5.3)}),
    ("gaussian", gaussian, gaussian_grads, fixed((2, 2), 0.3), fixed((3, 2), 1.5),
     {"log_sigma": np.array([[math.log(0.5)]])}),
    ("laplace", laplace, laplace_grads, fixed((2, 2), 0.4), fixed((3, 2), 1.6),
     {"log_b": np.array([[math.log(1.5)]])}),
    ("location", location, location_grads, fixed((2, 2, 3), 0.5), fixed((2, 2, 2), 1.7),
     {"W": fixed((4, 3), 6.4)}),
    ("cosine", cosine, cosine_grads, fixed((2, 3), 0.6), fixed((3, 3), 1.8),
     {"scale": np.array([[1.7]])}),
]


def main():
    rows = []
    for name, fwd, grads, q, k, p in CASES:
        s = fwd(q, k, p)
        g = fixed(s.shape, 7.7, step=0.53)
        analytic = check(name, fwd, grads, q, k, p, g)
        tensors = [("queries", q), ("keys", k)] + [("param:" + n, t) for n, t in p.items()]
        tensors += [("score_gradient", g), ("scores", s)]
        tensors += [("grad:" + n, analytic[n]) for n in ["queries", "keys"] + list(p)]
        for label, t in tensors:
            rows.append([name, label, "x".join(str(d) for d in t.shape), " ".join(repr(float(v)) for v in t.ravel())])
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", newline="") as f:
        f.write("# generated by tools/reference_alignments.py (numpy " + np.__version__ + "); do not edit\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["case", "tensor", "shape", "values"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
