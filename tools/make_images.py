"""Writes examples/images/{train,test}.npy and {train,test}-labels.csv.

Each image is 16×16×3 (height, width, RGB) of dim noise U(0, 0.1). Three bright 3×3 squares sit
in three different 4×4 cells of the 4×4 grid of patches, each wholly inside its cell (offset 0 or 1
from the cell's top-left pixel): one in the top-left quadrant (patch rows and columns 0-1), the
decisive one, and two distractors elsewhere. Every square is red, green, blue or yellow; the label
is the decisive square's colour (0 red, 1 green, 2 blue, 3 yellow), the distractors' colours are
drawn independently. So only one 4×4 patch (1/16 of the image) decides the class: a model that
pools all patches evenly sees three squares and cannot tell which one counts. Four classes rather
than two, because with two a model can look at the region only when it holds one colour and
elsewhere otherwise, and still classify every image.
Labels CSV: image, patch (the decisive patch, row-major in the 4×4 grid), label.
Fixed seed, so the files are reproducible: `python3 tools/make_images.py` from the repository root.
"""
from pathlib import Path

import numpy as np

SEED = 23
SIZE = 16
PATCH = 4
GRID = SIZE // PATCH
TRAIN = 300
TEST = 100
OUT = Path(__file__).resolve().parent.parent / "examples" / "images"
COLOURS = np.array([[1.0, 0.1, 0.1], [0.1, 1.0, 0.1], [0.1, 0.1, 1.0], [1.0, 1.0, 0.1]], dtype=np.float32)


def square(img, cell, colour, rng):
    i, j = divmod(cell, GRID)
    y = i * PATCH + int(rng.integers(2))
    x = j * PATCH + int(rng.integers(2))
    img[y:y + 3, x:x + 3, :] = COLOURS[colour]


def write(rng, count, stem):
    images = np.zeros((count, SIZE, SIZE, 3), dtype=np.float32)
    quadrant = [i * GRID + j for i in range(2) for j in range(2)]
    rows = []
    for n in range(count):
        img = rng.uniform(0, 0.1, (SIZE, SIZE, 3)).astype(np.float32)
        decisive = int(rng.choice(quadrant))
        label = int(rng.integers(len(COLOURS)))
        square(img, decisive, label, rng)
        others = [c for c in range(GRID * GRID) if c not in quadrant]
        for cell in rng.choice(others, size=2, replace=False):
            square(img, int(cell), int(rng.integers(len(COLOURS))), rng)
        images[n] = img
        rows.append(f"{n},{decisive},{label}")
    np.save(OUT / f"{stem}.npy", images)
    with open(OUT / f"{stem}-labels.csv", "w") as f:
        f.write("image,patch,label\n" + "\n".join(rows) + "\n")


def main():
    rng = np.random.default_rng(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    write(rng, TRAIN, "train")
    write(rng, TEST, "test")


if __name__ == "__main__":
    main()
