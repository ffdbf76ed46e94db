"""Writes the Spark example's data: 200 noisy training points of y = sin(2 x1) + x2^2 on [-1, 1]^2
(train.csv) and 2000 query points (queries.csv). Standard library only; seeded, so re-running it
gives the same files."""
import math
import random

rng = random.Random(14)


def point():
    return round(rng.uniform(-1, 1), 4), round(rng.uniform(-1, 1), 4)


with open("train.csv", "w") as f:
    f.write("x1,x2,y\n")
    for _ in range(200):
        x1, x2 = point()
        y = math.sin(2 * x1) + x2 * x2 + rng.gauss(0, 0.1)
        f.write(f"{x1},{x2},{round(y, 4)}\n")

with open("queries.csv", "w") as f:
    f.write("x1,x2\n")
    for _ in range(2000):
        x1, x2 = point()
        f.write(f"{x1},{x2}\n")
