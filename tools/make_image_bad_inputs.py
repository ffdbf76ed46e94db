"""Writes the image cases of the bad-input corpus (attention-cli/src/test/resources/bad-input/):
an image whose size the patches do not tile, and layout: image on an array that is not 4-D.
Run from the repository root: `python3 tools/make_image_bad_inputs.py`.
"""
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent / "attention-cli" / "src" / "test" / "resources" / "bad-input"


def case(name, comment, array, sequence, expect):
    d = ROOT / name
    d.mkdir(parents=True, exist_ok=True)
    np.save(d / "images.npy", array)
    (d / "config.yaml").write_text("name: t\npipeline: {variant: pooling, alignment: dot}\ninputs:\n"
                                   f"  sequence: {sequence}\n# {comment}\n")
    (d / "expect.properties").write_text(expect)


def main():
    case("image-patches-do-not-tile", "16×15 images cannot be cut into 4×4 patches.",
         np.zeros((2, 16, 15, 3), dtype=np.float32), "{file: images.npy, layout: image, patches: 4}",
         "file=config.yaml\nat=4\nkey=inputs.sequence.patches\nvalid.1=16×15 images (height×width)\n"
         "valid.2=choose a patch size dividing both 16 and 15\n")
    case("image-layout-not-4d", "layout: image needs [batch, height, width, channels].",
         np.zeros((2, 16, 3), dtype=np.float32), "{file: images.npy, layout: image}",
         "file=config.yaml\nat=4\nkey=inputs.sequence.layout\nvalid.1=holds a [2, 16, 3] array\n"
         "valid.2=needs 4 dimensions [batch, height, width, channels]\n")


if __name__ == "__main__":
    main()
