"""Writes examples/which-element-matters/{train,test}.csv and {train,test}-labels.csv.

Each sequence has 10 vectors of 8 features: `marker` is 1 on exactly one (randomly placed) vector
and 0 elsewhere; f1..f7 are N(0, 1). The label is 1 when a fixed linear function of the marked
vector's f1..f7 is positive, else 0: only the marked element matters. Fixed seed, so the files are
reproducible: `python3 tools/make_which_element_matters.py` from the repository root.
"""
from pathlib import Path

import numpy as np

SEED = 11
LENGTH = 10
FEATURES = 7
TRAIN = 1500
TEST = 300
OUT = Path(__file__).resolve().parent.parent / "examples" / "which-element-matters"


def write(rng, w, count, stem):
    with open(OUT / f"{stem}.csv", "w") as seqs, open(OUT / f"{stem}-labels.csv", "w") as labels:
        seqs.write("seq,marker," + ",".join(f"f{k + 1}" for k in range(FEATURES)) + "\n")
        labels.write("seq,marked,label\n")
        for s in range(count):
            x = rng.normal(0, 1, (LENGTH, FEATURES))
            marked = int(rng.integers(LENGTH))
            label = int(x[marked] @ w > 0)
            for t in range(LENGTH):
                cells = [str(s), "1" if t == marked else "0"] + [repr(float(v)) for v in x[t]]
                seqs.write(",".join(cells) + "\n")
            labels.write(f"{s},{marked},{label}\n")


def main():
    rng = np.random.default_rng(SEED)
    w = rng.normal(0, 1, FEATURES)
    OUT.mkdir(parents=True, exist_ok=True)
    write(rng, w, TRAIN, "train")
    write(rng, w, TEST, "test")


if __name__ == "__main__":
    main()
