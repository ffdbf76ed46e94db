"""Held-out accuracy of a fitted memory network on examples/memory-babi2/ (tools/make_babi2.py).

Reads DIR/prediction.csv (the head's logits per story: batch, query, prediction_0..5) and
DIR/weights.csv (every hop's weights: batch = story·hops + hop, query, key_0…) written by
`attention run examples/memory-babi2/predict-hopsK.yaml`, and test-answers.csv; prints the share of
stories answered right and, per hop, the mean weight on the two supporting facts (the sentence
saying who picked the object up, the one saying where that person went).

    python3 tools/babi2_accuracy.py out/memory-babi2-hops2-test
"""
import csv
import sys
from pathlib import Path

ANSWERS = Path(__file__).resolve().parent.parent / "examples" / "memory-babi2" / "test-answers.csv"


def rows(path):
    with open(path) as f:
        return [[float(x) for x in r] for r in list(csv.reader(f))[1:]]


def main(out):
    answers = rows(ANSWERS)
    logits = rows(Path(out) / "prediction.csv")
    if len(logits) != len(answers):
        sys.exit(f"{out}/prediction.csv has {len(logits)} rows but {ANSWERS} has {len(answers)} stories")
    right = 0
    for a, l in zip(answers, logits):
        scores = l[2:]
        right += scores.index(max(scores)) == int(a[1])
    print(f"held-out accuracy {right / len(answers):.3f} ({right} of {len(answers)} stories)")
    weights = rows(Path(out) / "weights.csv")
    hops = len(weights) // len(answers)
    for k in range(hops):
        carrier = room = 0.0
        for s, a in enumerate(answers):
            w = weights[s * hops + k][2:]
            carrier += w[int(a[2])]
            room += w[int(a[3])]
        print(f"hop {k + 1}: mean weight {carrier / len(answers):.2f} on who carries it,"
              f" {room / len(answers):.2f} on where they went")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python3 tools/babi2_accuracy.py OUT_DIR (the folder attention run wrote)")
    main(sys.argv[1])
