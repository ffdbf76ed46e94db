#!/usr/bin/env python3
"""The numpy side of bench/oneshot.sh: one whole process per call, as a numpy user would run it.

  oneshot_numpy.py make DIR        writes the inputs (and the configs' parameter file) into DIR
  oneshot_numpy.py global DIR N    loads DIR/q{N}.npy, k{N}.npy, v{N}.npy, computes softmax(QKᵀ/√d)V
                                   in float32, saves DIR/numpy-g{N}.npy
  oneshot_numpy.py mha DIR         nn.MultiheadAttention's forward (self-attention, 8 heads, E 256,
                                   batch 8 × 512) with the weights in DIR/mha.safetensors, saves
                                   DIR/numpy-mha.npy
  oneshot_numpy.py compare A B     prints max|A − B| / max|B| of two .npy files

The process is the unit measured: start, import numpy, load, compute, save.
"""
import json
import struct
import sys

import numpy as np

SIZES = (64, 256, 1024, 4096, 8192, 9472, 12288, 16384)
D = 64
BATCH, SEQ, E, HEADS = 8, 512, 256, 8


def softmax_rows(s):
    s -= s.max(axis=-1, keepdims=True)
    np.exp(s, out=s)
    s /= s.sum(axis=-1, keepdims=True)
    return s


def save_safetensors(path, tensors):
    """The safetensors layout written by hand: u64 header length, JSON header, raw little-endian data."""
    header, offset, blobs = {}, 0, []
    for name, a in tensors.items():
        b = np.ascontiguousarray(a, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    return {k: np.frombuffer(data[v["data_offsets"][0]:v["data_offsets"][1]], dtype="<f4").reshape(v["shape"])
            for k, v in header.items() if k != "__metadata__"}


def make(d):
    rng = np.random.default_rng(20)
    for n in SIZES:
        for name in "qkv":
            np.save(f"{d}/{name}{n}.npy", rng.standard_normal((n, D), dtype=np.float32))
    np.save(f"{d}/x-mha.npy", rng.standard_normal((BATCH, SEQ, E), dtype=np.float32))
    bound = np.sqrt(6 / (E + E))
    save_safetensors(f"{d}/mha.safetensors", {
        "in_proj_weight": rng.uniform(-bound, bound, (3 * E, E)).astype(np.float32),
        "in_proj_bias": rng.uniform(-0.1, 0.1, 3 * E).astype(np.float32),
        "out_proj.weight": rng.uniform(-bound, bound, (E, E)).astype(np.float32),
        "out_proj.bias": rng.uniform(-0.1, 0.1, E).astype(np.float32),
    })


def global_attention(d, n):
    q, k, v = (np.load(f"{d}/{x}{n}.npy") for x in "qkv")
    s = q @ k.T
    s *= np.float32(1 / np.sqrt(q.shape[1]))
    np.save(f"{d}/numpy-g{n}.npy", softmax_rows(s) @ v)


def mha(d):
    x = np.load(f"{d}/x-mha.npy")
    p = load_safetensors(f"{d}/mha.safetensors")
    qkv = x @ p["in_proj_weight"].T + p["in_proj_bias"]
    dh = E // HEADS
    q, k, v = (qkv[..., i * E:(i + 1) * E].reshape(BATCH, SEQ, HEADS, dh).transpose(0, 2, 1, 3) for i in range(3))
    s = q @ k.transpose(0, 1, 3, 2)
    s *= np.float32(1 / np.sqrt(dh))
    o = (softmax_rows(s) @ v).transpose(0, 2, 1, 3).reshape(BATCH, SEQ, E)
    np.save(f"{d}/numpy-mha.npy", o @ p["out_proj.weight"].T + p["out_proj.bias"])


def compare(a, b):
    x, y = np.load(a).astype(np.float64), np.load(b).astype(np.float64)
    if x.shape != y.shape:
        print(f"shapes differ: {x.shape} vs {y.shape}")
        sys.exit(1)
    print(f"{np.abs(x - y).max() / np.abs(y).max():.1e}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "make":
        make(sys.argv[2])
    elif cmd == "global":
        global_attention(sys.argv[2], int(sys.argv[3]))
    elif cmd == "mha":
        mha(sys.argv[2])
    elif cmd == "compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown command {cmd}")
