"""Writes examples/kernel-regression/{train,test}.csv: y = 2 sin(x) + x^0.8 + eps, eps ~ N(0, 0.5^2).

50 training and 50 test points drawn uniformly on [0, 5] (sorted), from a fixed seed so the CSVs
are reproducible: `python3 tools/make_kernel_regression.py` from the repository root. The test file
also carries the noise-free `y_true` for reference; the example's test scores the noisy `y`.
"""
from pathlib import Path

import numpy as np

SEED = 7
N = 50
OUT = Path(__file__).resolve().parent.parent / "examples" / "kernel-regression"


def f(x):
    return 2 * np.sin(x) + x ** 0.8


def main():
    rng = np.random.default_rng(SEED)
    x_train = np.sort(rng.uniform(0, 5, N))
    y_train = f(x_train) + rng.normal(0, 0.5, N)
    x_test = np.sort(rng.uniform(0, 5, N))
    y_test = f(x_test) + rng.normal(0, 0.5, N)
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "train.csv", "w") as out:
        out.write("x,y\n")
        for x, y in zip(x_train, y_train):
            out.write(f"{float(x)!r},{float(y)!r}\n")
    with open(OUT / "test.csv", "w") as out:
        out.write("x,y,y_true\n")
        for x, y, t in zip(x_test, y_test, f(x_test)):
            out.write(f"{float(x)!r},{float(y)!r},{float(t)!r}\n")


if __name__ == "__main__":
    main()
