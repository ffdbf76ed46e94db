"""Writes examples/multi-head-fit/{train,test}.csv and {train,test}-targets.csv.

A copy task for multi-head self-attention. Each sequence has 8 elements with two features:
`value`, N(0, 1), and `marker`, a one-hot position marker that is 1 on exactly one (randomly placed)
element and 0 elsewhere. The target of every element is the value of the marked element, so each
query must find the marked key and copy its value: attention is the only way to move information
between positions. A model that ignores the marker can at best predict the mean of the sequence's
values, whose expected squared error is (7/8)² + 7/64 = 0.875; a perfect copy has error 0.
Fixed seed, so the files are reproducible: `python3 tools/make_multi_head_fit.py` from the
repository root.
"""
from pathlib import Path

import numpy as np

SEED = 7
LENGTH = 8
TRAIN = 256
TEST = 64
OUT = Path(__file__).resolve().parent.parent / "examples" / "multi-head-fit"


def write(rng, count, stem):
    with open(OUT / f"{stem}.csv", "w") as seqs, open(OUT / f"{stem}-targets.csv", "w") as targets:
        seqs.write("seq,value,marker\n")
        targets.write("seq,position,target\n")
        for s in range(count):
            values = rng.normal(0, 1, LENGTH)
            marked = int(rng.integers(LENGTH))
            for t in range(LENGTH):
                seqs.write(f"{s},{float(values[t])!r},{1 if t == marked else 0}\n")
                targets.write(f"{s},{t},{float(values[marked])!r}\n")


def main():
    rng = np.random.default_rng(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    write(rng, TRAIN, "train")
    write(rng, TEST, "test")


if __name__ == "__main__":
    main()
