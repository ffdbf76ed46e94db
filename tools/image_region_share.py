"""Prints the share of attention weight on the decisive patch of examples/images' held-out images.

Usage (after `attention run examples/images/predict.yaml`):
    python3 tools/image_region_share.py out/images-predict/weights.csv examples/images/test-labels.csv
weights.csv holds one row per image: batch, query, then the 16 patch weights (row-major over the
4×4 grid); the labels name each image's decisive patch. Chance (even weights) is 1/16 = 0.0625.
Also prints the accuracy of prediction.csv (next to weights.csv) when present.
"""
import csv
import sys
from pathlib import Path


def rows(path):
    with open(path) as f:
        r = csv.reader(f)
        next(r)
        return [[float(x) for x in row] for row in r]


def main():
    weights = rows(sys.argv[1])
    labels = rows(sys.argv[2])
    share = sum(w[2 + int(l[1])] for w, l in zip(weights, labels)) / len(labels)
    print(f"share of weight on the decisive patch: {share:.3f} (chance {1 / 16:.4f}, {len(labels)} images)")
    prediction = Path(sys.argv[1]).with_name("prediction.csv")
    if prediction.exists():
        logits = rows(prediction)
        correct = sum(max(range(len(p) - 2), key=lambda k: p[2 + k]) == int(l[2]) for p, l in zip(logits, labels))
        print(f"held-out accuracy: {correct / len(labels):.3f}")


if __name__ == "__main__":
    main()
