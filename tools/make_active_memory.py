"""Writes examples/active-memory/train.csv and train-targets.csv.

A local task: each sequence has 6 elements with two features, `value` and `other`, both N(0, 1).
The target of element i is the mean of the values at i − 1, i and i + 1, with 0 outside the
sequence (so the ends divide a two-term sum by 3). It needs each position's neighbours and nothing
else: a convolution over positions (active memory) has exactly that shape, content-based attention
without positions does not. Predicting 0 has error Var(target) = 3/9 = 1/3 inside, 2/9 at the ends.
Fixed seed, so the files are reproducible: `python3 tools/make_active_memory.py` from the
repository root.
"""
from pathlib import Path

import numpy as np

SEED = 11
LENGTH = 6
COUNT = 60
OUT = Path(__file__).resolve().parent.parent / "examples" / "active-memory"


def main():
    rng = np.random.default_rng(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "train.csv", "w") as seqs, open(OUT / "train-targets.csv", "w") as targets:
        seqs.write("seq,value,other\n")
        targets.write("seq,position,target\n")
        for s in range(COUNT):
            values = rng.normal(0, 1, LENGTH)
            other = rng.normal(0, 1, LENGTH)
            padded = np.concatenate(([0.0], values, [0.0]))
            for t in range(LENGTH):
                seqs.write(f"{s},{float(values[t])!r},{float(other[t])!r}\n")
                target = (padded[t] + padded[t + 1] + padded[t + 2]) / 3
                targets.write(f"{s},{t},{float(target)!r}\n")


if __name__ == "__main__":
    main()
