#!/usr/bin/env python3
"""Writes reference values for the sparse and Gumbel distributions of attention-distributions.

Run from the repository root:  python3 tools/reference_distributions.py
Output: attention-distributions/src/test/resources/reference/*.csv (committed; the tests read them).

The algorithms here are deliberately different from the Java ones, so that agreement means
something: the Java plugins sort (sparsemax, entmax15) or bisect with a Newton polish (entmax);
this script finds the threshold tau of every alpha-entmax by plain bisection on
sum_j [x_j - tau]_+^(1/(alpha-1)) = 1 run to the limit of float64 (200 halvings), and for
sparsemax and 1.5-entmax then solves for tau in closed form on the support bisection found
(a linear and a quadratic equation). The Gumbel noise reimplements the documented hash
(SplitMix64 of seed and position) with numpy uint64 arithmetic.

Lists inside a CSV cell are space-separated; numbers are written with 17 significant digits.
"""
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "attention-distributions", "src", "test", "resources",
                   "reference")


def bisect_tau(x, power):
    """tau with sum [x - tau]_+^power = 1, by bisection between max(x) - 1 and max(x)."""
    lo, hi = x.max() - 1.0, x.max()
    for _ in range(200):
        mid = (lo + hi) / 2
        if np.sum(np.clip(x - mid, 0, None) ** power) >= 1:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def sparsemax(z):
    tau = bisect_tau(z, 1.0)
    support = z > tau
    tau = (z[support].sum() - 1) / support.sum()  # exact on the support: sum (z_j - tau) = 1
    return np.clip(z - tau, 0, None)


def entmax15(z):
    x = z / 2
    tau = bisect_tau(x, 2.0)
    s = x[x > tau]
    k, a, b = len(s), s.sum(), (s * s).sum()
    # sum (x_j - tau)^2 = 1  <=>  k tau^2 - 2 a tau + (b - 1) = 0; tau is the root below every x_j.
    tau = (a - np.sqrt(max(a * a - k * (b - 1), 0.0))) / k
    return np.clip(x - tau, 0, None) ** 2


def entmax(z, alpha):
    x = (alpha - 1) * z
    power = 1 / (alpha - 1)
    p = np.clip(x - bisect_tau(x, power), 0, None) ** power
    return p / p.sum()


MASK64 = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def gumbel(seed, batch, query, key):
    h = mix((seed + GAMMA) & MASK64)
    for c in (batch, query, key):
        h = mix((h + c + GAMMA) & MASK64)
    u = ((h >> 12) + 0.5) * 2.0 ** -52
    return -np.log(-np.log(u))


def fmt(values):
    return " ".join(f"{v:.17g}" for v in values)


def rows(rng):
    """Score rows: random at several scales and lengths, ties, one key, huge and shifted scores."""
    out = [np.array(r, dtype=float) for r in (
        [0.5, 0.2, -1.0], [1.0, 0.0, -1.0], [3.0], [1.0, 1.0, 1.0], [2.0, 2.0, 0.0], [0.0, -10.0, 0.5],
        [1e4, -1e4, 0.0, 5e3], [1000.3, 998.8, 1002.5, 1000.0], [0.1, 0.1000001, -0.3, 0.25])]
    for scale in (0.1, 1.0, 3.0, 10.0):
        for n in (2, 5, 8):
            out.append(rng.normal(0, scale, n))
    return out


def write(name, header, lines):
    with open(os.path.join(OUT, name), "w") as f:
        f.write(header + "\n")
        for line in lines:
            f.write(line + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20240517)
    data = rows(rng)
    write("sparsemax.csv", "scores,weights", [f"{fmt(z)},{fmt(sparsemax(z))}" for z in data])
    write("entmax15.csv", "scores,weights", [f"{fmt(z)},{fmt(entmax15(z))}" for z in data])
    write("entmax.csv", "alpha,scores,weights",
          [f"{a!r},{fmt(z)},{fmt(entmax(z, a))}" for a in (1.1, 1.3, 1.5, 2.0, 3.0) for z in data])
    positions = [(0, 0, 0, 0), (0, 0, 0, 1), (0, 1, 2, 3), (1, 0, 0, 0), (-7, 3, 5, 11), (42, 0, 4, 2),
                 (2 ** 62, 9, 0, 100)]
    write("gumbel_noise.csv", "seed,batch,query,key,noise",
          [f"{s},{b},{q},{k},{gumbel(s & MASK64, b, q, k):.17g}" for s, b, q, k in positions])
    lines = []
    for seed, tau in ((0, 1.0), (5, 0.5), (5, 2.0)):
        z = np.array([0.3, -1.2, 2.5, 0.0])
        t = (z + np.array([gumbel(seed, 0, 0, k) for k in range(len(z))])) / tau
        y = np.exp(t - t.max())
        lines.append(f"{seed},{tau!r},{fmt(z)},{fmt(y / y.sum())}")
    write("gumbel_softmax.csv", "seed,temperature,scores,weights", lines)


if __name__ == "__main__":
    main()
