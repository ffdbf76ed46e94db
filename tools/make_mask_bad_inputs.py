#!/usr/bin/env python3
"""Bad mask inputs for the CLI's bad-input corpus (attention-cli/src/test/resources/bad-input/mask-*).

Each case: a config naming .npy files, the files (numpy only), and expect.properties saying which
one line `attention run` must print. Run from the repository root: python3 tools/make_mask_bad_inputs.py
"""
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[1] / "attention-cli/src/test/resources/bad-input"
RNG = np.random.default_rng(21)
B, N, M, D = 2, 3, 5, 4


def case(name, why, expect, extra, variant="global", arrays=None):
    d = OUT / name
    d.mkdir(parents=True, exist_ok=True)
    files = {"queries": RNG.standard_normal((B, N, D)).astype("<f4"),
             "keys": RNG.standard_normal((B, M, D)).astype("<f4"),
             "values": RNG.standard_normal((B, M, 2)).astype("<f4")}
    files.update(arrays or {})
    lines = [f"name: t", f"pipeline: {{variant: {variant}, alignment: scaled-dot, distribution: softmax}}", "inputs:",
             "  queries: queries.npy", "  keys: keys.npy", "  values: values.npy"]
    for key in extra:
        lines.append(f"  {key}: {key}.npy")
    for key, a in files.items():
        np.save(d / f"{key}.npy", a)
    (d / "config.yaml").write_text("\n".join(lines) + "\n")
    (d / "expect.properties").write_text("# " + why + "\n" + "\n".join(f"{k}={v}" for k, v in expect.items()) + "\n")


def main():
    kpm = np.zeros((B, M), dtype=bool)
    kpm[0, 1] = True
    case("mask-key-padding-wrong-shape", "a key_padding_mask needs one entry per key: [batch, m].",
         {"file": "config.yaml", "at": "7", "key": "inputs.key_padding_mask", "valid.1": "has shape [2, 4]",
          "valid.2": "the keys need [2, 5]"}, ["key_padding_mask"], arrays={"key_padding_mask": kpm[:, :4]})
    nan = np.zeros((N, M), dtype="<f4")
    nan[1, 2] = np.nan
    case("mask-attn-mask-nan", "NaN added to a score would make the row NaN.",
         {"file": "config.yaml", "at": "7", "key": "inputs.attn_mask", "valid.1": "element 7 (row-major) is NaN",
          "valid.2": "finite values, or -inf to hide a position"}, ["attn_mask"], arrays={"attn_mask": nan})
    plus = np.zeros((N, M), dtype="<f4")
    plus[0, 0] = np.inf
    case("mask-attn-mask-plus-infinity", "+inf would make a row's softmax NaN; only -inf hides.",
         {"file": "config.yaml", "at": "7", "key": "inputs.attn_mask", "valid": "element 0 (row-major) is Infinity"},
         ["attn_mask"], arrays={"attn_mask": plus})
    case("mask-attn-mask-wrong-shape", "attn_mask is [n, m] or [batch, n, m]; this one is [m, n].",
         {"file": "config.yaml", "at": "7", "key": "inputs.attn_mask", "valid.1": "has shape [5, 3]",
          "valid.2": "[n, m] = [3, 5] or [batch…, n, m] = [2, 3, 5]"}, ["attn_mask"],
         arrays={"attn_mask": np.zeros((M, N), dtype=bool)})
    case("mask-attn-mask-complex", "A complex mask means nothing; its dtype is refused by the reader.",
         {"file": "attn_mask.npy", "key": "inputs.attn_mask", "valid": "dtype '<c8' is not supported"},
         ["attn_mask"], arrays={"attn_mask": np.zeros((N, M), dtype="<c8")})
    case("mask-key-padding-string", "A mask of text is refused by the reader.",
         {"file": "key_padding_mask.npy", "key": "inputs.key_padding_mask", "valid": "dtype '<U1' is not supported"},
         ["key_padding_mask"], arrays={"key_padding_mask": np.full((B, M), "x", dtype="<U1")})
    case("mask-attn-mask-integer", "An integer attn_mask is neither PyTorch's bool nor its float form.",
         {"file": "config.yaml", "at": "7", "key": "inputs.attn_mask",
          "valid": "give bool (true = not allowed) or float"}, ["attn_mask"],
         arrays={"attn_mask": np.zeros((N, M), dtype="<i8")})
    case("mask-key-lengths-out-of-range", "A length counts real keys: at most m = 5.",
         {"file": "config.yaml", "at": "7", "key": "inputs.key_lengths", "valid.1": "element 1 is 7, outside 0..5",
          "valid.2": "at most 5"}, ["key_lengths"], arrays={"key_lengths": np.array([5, 7], dtype="<i8")})
    case("mask-key-padding-not-bool", "A key mask is bool or 0/1.",
         {"file": "config.yaml", "at": "7", "key": "inputs.key_padding_mask",
          "valid": "element 3 (row-major) is 2; a key mask is bool or 0/1"}, ["key_padding_mask"],
         arrays={"key_padding_mask": np.array([[0, 0, 0, 2, 0], [0] * 5], dtype="<i8")})
    case("mask-not-honoured", "hard attention cannot honour a key mask: refused, never ignored.",
         {"file": "config.yaml", "at": "7", "key": "inputs.key_padding_mask",
          "valid.1": "variant 'hard' cannot honour key_padding_mask",
          "valid.2": "a variant that honours masks"}, ["key_padding_mask"], variant="hard",
         arrays={"key_padding_mask": kpm})
    case("mask-bool-as-data", "Bool arrays are for masks and lengths only (integer arrays load as data too).",
         {"file": "keys.npy", "key": "inputs.keys",
          "valid": "only masks and lengths may be bool/integer"}, [],
         arrays={"keys": np.ones((B, M, D), dtype=bool)})


if __name__ == "__main__":
    main()
