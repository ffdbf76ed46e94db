"""Writes examples/sparse-truth/{train,train-labels}.csv: a target that depends on 2 of 20 elements.

Each sequence has 20 elements of 4 features: `marker` is 1 on exactly two (randomly placed)
elements and 0 elsewhere; `v`, `n1`, `n2` are N(0, 1). The target is y = v_a + v_b + eps,
eps ~ N(0, 0.1^2), where a and b are the marked elements: the truth is sparse, so an attention
that can give the other 18 elements exactly zero weight (sparsemax, entmax15) should fit it with
less error than softmax, which always leaks weight to them. Fixed seed, so the files are
reproducible: `python3 tools/make_sparse_truth.py` from the repository root.
"""
from pathlib import Path

import numpy as np

SEED = 16
LENGTH = 20
COUNT = 200
NOISE = 0.1
OUT = Path(__file__).resolve().parent.parent / "examples" / "sparse-truth"


def main():
    rng = np.random.default_rng(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "train.csv", "w") as seqs, open(OUT / "train-labels.csv", "w") as labels:
        seqs.write("seq,marker,v,n1,n2\n")
        labels.write("seq,a,b,y\n")
        for s in range(COUNT):
            x = rng.normal(0, 1, (LENGTH, 3))
            a, b = sorted(int(i) for i in rng.choice(LENGTH, size=2, replace=False))
            y = x[a, 0] + x[b, 0] + rng.normal(0, NOISE)
            for t in range(LENGTH):
                cells = [str(s), "1" if t in (a, b) else "0"] + [repr(float(v)) for v in x[t]]
                seqs.write(",".join(cells) + "\n")
            labels.write(f"{s},{a},{b},{float(y)!r}\n")


if __name__ == "__main__":
    main()
