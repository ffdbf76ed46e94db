"""Writes examples/monotonic-soft/{train,test}-{source,target,targets}.csv.

Sequence pairs with a monotonic alignment to learn, in the spirit of word-by-word translation.
A source sequence has 8 distinct words of a 12-word vocabulary (one-hot columns w0..w11) and a
scalar `value` per word, uniform in [-1, 1]. Its target sequence has 6 words: target word i is the
"translation" T(s) = (5 s + 3) mod 12 of the source word at position a_i, where a_0 ≤ a_1 ≤ … ≤ a_5
are sorted draws from 0..7 (monotonic; a word may be used twice). The target of query i is the
value at a_i, so the output Σ_j α_ij v_j can only be right when attention finds a_i; the true a_i is
written beside it (column `source`) for reporting. Fixed seed, pure standard library, so the files
are reproducible: `python3 tools/make_monotonic_soft.py` from the repository root.
"""
import random
from pathlib import Path

SEED = 23
VOCAB = 12
SOURCE = 8
TARGET = 6
TRAIN = 160
TEST = 80
OUT = Path(__file__).resolve().parent.parent / "examples" / "monotonic-soft"


def translate(word):
    return (5 * word + 3) % VOCAB


def one_hot(word):
    return ",".join("1" if w == word else "0" for w in range(VOCAB))


def write(rng, count, stem):
    words = ",".join(f"w{w}" for w in range(VOCAB))
    with open(OUT / f"{stem}-source.csv", "w") as source, open(OUT / f"{stem}-target.csv", "w") as target, \
            open(OUT / f"{stem}-targets.csv", "w") as targets:
        source.write(f"seq,{words},value\n")
        target.write(f"seq,{words}\n")
        targets.write("seq,position,target,source\n")
        for s in range(count):
            sentence = rng.sample(range(VOCAB), SOURCE)
            values = [round(rng.uniform(-1, 1), 6) for _ in range(SOURCE)]
            aligned = sorted(rng.randrange(SOURCE) for _ in range(TARGET))
            for j in range(SOURCE):
                source.write(f"{s},{one_hot(sentence[j])},{values[j]}\n")
            for i, a in enumerate(aligned):
                target.write(f"{s},{one_hot(translate(sentence[a]))}\n")
                targets.write(f"{s},{i},{values[a]},{a}\n")


def main():
    rng = random.Random(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    write(rng, TRAIN, "train")
    write(rng, TEST, "test")


if __name__ == "__main__":
    main()
