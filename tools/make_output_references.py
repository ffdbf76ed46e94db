#!/usr/bin/env python3
"""Reference result files for the npy and safetensors output formats, made without the Java code.

The .npy files come from numpy itself (np.save). result.safetensors is assembled by hand with
struct and json from the format's description: an 8-byte little-endian header length N, N bytes of
UTF-8 JSON ({"__metadata__": {...}, "<name>": {"dtype", "shape", "data_offsets"}, ...}, tensors in
name order, padded with spaces to a multiple of 8 bytes), then the packed little-endian data.

Element k of every tensor is k * 0.37 - 1.5 in the tensor's dtype, so the Java test rebuilds the
same tables. Run from the repository root:  python3 tools/make_output_references.py
With a folder argument instead, checks what `attention run --format npy|safetensors` wrote there:
every .npy loads with numpy and result.safetensors parses, and prints each tensor's dtype and shape.
"""
import json
import os
import struct
import sys

import numpy as np

OUT = os.path.join("attention-io", "src", "test", "resources", "outputs")


def ramp(shape, dtype):
    n = int(np.prod(shape, dtype=np.int64))
    return (np.arange(n, dtype=np.float64) * 0.37 - 1.5).astype(dtype).reshape(shape)


def safetensors_bytes(tensors, metadata):
    header = {"__metadata__": metadata}
    data = b""
    for name in sorted(tensors):
        a = tensors[name]
        kind = {np.dtype("<f4"): "F32", np.dtype("<f8"): "F64"}[a.dtype]
        blob = a.astype(a.dtype.newbyteorder("<")).tobytes(order="C")
        header[name] = {"dtype": kind, "shape": list(a.shape), "data_offsets": [len(data), len(data) + len(blob)]}
        data += blob
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        dtype = {"F32": "<f4", "F64": "<f8"}[e["dtype"]]
        begin, end = e["data_offsets"]
        out[name] = np.frombuffer(raw[8 + n + begin:8 + n + end], dtype=dtype).reshape(e["shape"])
    return out


def check(folder):
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.endswith(".npy"):
            a = np.load(path)
            print(f"{name}: {a.dtype} {list(a.shape)}")
        elif name.endswith(".safetensors"):
            for t, a in read_safetensors(path).items():
                print(f"{name}[{t}]: {a.dtype} {list(a.shape)}")


def main():
    os.makedirs(OUT, exist_ok=True)
    output = ramp((2, 3), "<f8")
    weights = ramp((2, 2, 3), "<f4")
    np.save(os.path.join(OUT, "output_f64.npy"), output)
    np.save(os.path.join(OUT, "weights_f32_batched.npy"), weights)
    with open(os.path.join(OUT, "result.safetensors"), "wb") as f:
        f.write(safetensors_bytes({"weights": weights, "output": output}, {"name": "demo"}))


if __name__ == "__main__":
    if len(sys.argv) > 1:
        check(sys.argv[1])
    else:
        main()
