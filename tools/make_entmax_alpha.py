"""Writes examples/entmax-alpha/{keys,train,test}.csv: targets made by α-entmax with α = 1.8.

Six keys k_j in the plane with values v_j; queries q drawn from N(0, 1.5²) in the plane (200 to fit,
40 held out). Each target is y = Σ_j p_j v_j with p = entmax_α(q·k) over the six keys, α = 1.8, the
map of Peters, Niculae & Martins 2019: p_j = [(α−1) s_j − τ]_+^{1/(α−1)}, τ such that Σ p = 1 (found
here by bisection to 1e-15). The example starts from α = 1.2 and has to find α again.
Reproducible: `python3 tools/make_entmax_alpha.py` from the repository root.
"""
from pathlib import Path

import numpy as np

SEED = 22
ALPHA = 1.8
OUT = Path(__file__).resolve().parent.parent / "examples" / "entmax-alpha"


def entmax(s, alpha):
    """α-entmax of the row s by bisection on τ (independent of the Java implementation)."""
    x = (alpha - 1) * (s - s.max())
    lo, hi = -1.0, 0.0
    for _ in range(200):
        tau = (lo + hi) / 2
        mass = np.sum(np.clip(x - tau, 0, None) ** (1 / (alpha - 1)))
        if mass >= 1:
            lo = tau
        else:
            hi = tau
    p = np.clip(x - (lo + hi) / 2, 0, None) ** (1 / (alpha - 1))
    return p / p.sum()


def main():
    rng = np.random.default_rng(SEED)
    keys = rng.normal(0, 1, (6, 2))
    values = np.array([-2.0, -1.0, 0.0, 0.5, 1.5, 3.0])
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "keys.csv", "w") as out:
        out.write("k1,k2,v\n")
        for k, v in zip(keys, values):
            out.write(f"{float(k[0])!r},{float(k[1])!r},{float(v)!r}\n")
    for name, n in (("train", 200), ("test", 40)):
        q = rng.normal(0, 1.5, (n, 2))
        with open(OUT / f"{name}.csv", "w") as out:
            out.write("q1,q2,y\n")
            for row in q:
                y = entmax(keys @ row, ALPHA) @ values
                out.write(f"{float(row[0])!r},{float(row[1])!r},{float(y)!r}\n")


if __name__ == "__main__":
    main()
