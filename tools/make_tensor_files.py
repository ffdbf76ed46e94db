#!/usr/bin/env python3
"""Reference tensor files for the tensorio tests, made independently of the Java code.

.npy files come from numpy itself (np.save, np.lib.format.write_array). The safetensors files are
assembled here by hand with struct and json, straight from the format's description (the
`safetensors` package is not needed): an 8-byte little-endian header length N, N bytes of UTF-8
JSON {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}, then the
packed little-endian data, offsets relative to the byte after the header.

Values follow simple formulas (k * 0.37 - 1.5 for element k) so the Java tests can recompute them.
Also writes deliberately broken files under corrupt/ and a small end-to-end data set under e2e/
(the same data as CSV, .npy and .safetensors).

Run from the repository root:  python3 tools/make_tensor_files.py
"""
import json
import os
import shutil
import struct

import numpy as np

OUT = os.path.join("attention-io", "src", "test", "resources", "tensorio")
# The end-to-end set (and a copy of corrupt/nan.npy) is read by attention-core's engine tests.
CORE_OUT = os.path.join("attention-core", "src", "test", "resources", "tensorio")


def base(path):
    return CORE_OUT if path.startswith("e2e/") else OUT


def ramp(shape, dtype):
    n = int(np.prod(shape, dtype=np.int64))
    return (np.arange(n, dtype=np.float64) * 0.37 - 1.5).astype(dtype).reshape(shape)


def st_name(a):
    return {np.dtype("<f4"): "F32", np.dtype("<f8"): "F64", np.dtype("<f2"): "F16"}[a.dtype]


def safetensors_bytes(tensors, metadata=None, order=None, pad=True):
    """tensors: name -> (dtype name, shape, raw little-endian bytes). Sorted by name, packed."""
    header = {}
    if metadata:
        header["__metadata__"] = dict(sorted(metadata.items()))
    data = b""
    for name in (order or sorted(tensors)):
        dtype, shape, raw = tensors[name]
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    if pad:
        text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


def entry(a):
    a = np.ascontiguousarray(a)
    return (st_name(a), a.shape, a.astype(a.dtype.newbyteorder("<")).tobytes())


def bf16(values):
    """bfloat16 = the top 16 bits of float32 (truncation, as the Java reader assumes nothing else)."""
    bits = np.asarray(values, dtype="<f4").view("<u4") >> 16
    return ("BF16", bits.shape, bits.astype("<u2").tobytes())


def write(path, data):
    path = os.path.join(base(path), path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def save_npy(path, a, version=None):
    path = os.path.join(base(path), path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if version is None:
        np.save(path, a)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, a, version=version)


F16_VALUES = [0.0, -0.0, 1.0, -2.5, 65504.0, 2.0 ** -14, 2.0 ** -24, 0.1]
BF16_VALUES = [1.0 / 3.0, -2.5, 3.0e38]


def main():
    # Every supported type and ranks 0..4 in one file.
    values = {
        "f32_2d": entry(ramp((2, 3), "<f4")),
        "f64_3d": entry(ramp((2, 2, 3), "<f8")),
        "f32_4d": entry(ramp((2, 1, 2, 2), "<f4")),
        "f64_1d": entry(ramp((4,), "<f8")),
        "f32_scalar": entry(np.array(2.5, dtype="<f4")),
        "f16": entry(np.array(F16_VALUES, dtype="<f2").reshape(2, 4)),
        "bf16": bf16(np.array(BF16_VALUES).reshape(1, 3)),
    }
    write("values.safetensors", safetensors_bytes(values, {"source": "make_tensor_files.py"}))

    # What the Java writer must reproduce byte for byte (ParameterFiles metadata, sorted names).
    params = {"variant.u": entry(ramp((1, 2), "<f8")), "alignment.W": entry(ramp((2, 3), "<f4"))}
    write("parameters.safetensors", safetensors_bytes(params, {"format": "attention"}))

    # .npy from numpy: version 1.0 (np.save's default) and 2.0, ranks 0..3.
    save_npy("f32_2d.npy", ramp((2, 3), "<f4"))
    save_npy("f64_3d.npy", ramp((2, 2, 3), "<f8"))
    save_npy("f64_1d.npy", ramp((4,), "<f8"))
    save_npy("f64_scalar.npy", np.array(2.5, dtype="<f8"))
    save_npy("f64_2d_v2.npy", ramp((3, 2), "<f8"), version=(2, 0))

    corrupt()
    e2e()


def corrupt():
    good = {"w": entry(ramp((2, 2), "<f4"))}
    full = safetensors_bytes(good)
    write("corrupt/truncated.safetensors", full[:-4])
    write("corrupt/bad_header_length.safetensors", struct.pack("<Q", 1 << 40) + full[8:])
    write("corrupt/tiny.safetensors", b"\x01\x02\x03")
    broken = b'{"w": {"dtype": "F32", "shape": [2, 2], '
    write("corrupt/bad_json.safetensors", struct.pack("<Q", len(broken)) + broken + b"\0" * 16)
    write("corrupt/dtype_i8.safetensors", safetensors_bytes({"w": ("I8", (2, 2), b"\1" * 4)}))
    write("corrupt/dtype_f8.safetensors", safetensors_bytes({"w": ("F8_E4M3", (2, 2), b"\1" * 4)}))
    write("corrupt/dtype_unknown.safetensors", safetensors_bytes({"w": ("Q4", (2, 2), b"\1" * 4)}))
    write("corrupt/shape_mismatch.safetensors", safetensors_bytes({"w": ("F32", (2, 3), ramp((2, 2), "<f4").tobytes())}))
    # Hand-made offsets: b starts inside a.
    a = ramp((2, 2), "<f4").tobytes()
    header = {"a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
              "b": {"dtype": "F32", "shape": [1, 2], "data_offsets": [8, 16]}}
    text = json.dumps(header).encode()
    write("corrupt/overlap.safetensors", struct.pack("<Q", len(text)) + text + a)
    header = {"a": {"dtype": "F32", "shape": [1, 2], "data_offsets": [0, 8]},
              "b": {"dtype": "F32", "shape": [1, 2], "data_offsets": [12, 20]}}
    text = json.dumps(header).encode()
    write("corrupt/gap.safetensors", struct.pack("<Q", len(text)) + text + b"\0" * 20)

    save_npy("corrupt/fortran.npy", np.asfortranarray(ramp((2, 3), "<f4")))
    save_npy("corrupt/big_endian.npy", ramp((2, 3), ">f4"))
    save_npy("corrupt/int32.npy", np.arange(6, dtype="<i4").reshape(2, 3))
    with open(os.path.join(OUT, "f32_2d.npy"), "rb") as f:
        npy = f.read()
    write("corrupt/truncated.npy", npy[:-3])
    write("corrupt/bad_magic.npy", b"\x93NUMPZ" + npy[6:])
    save_npy("corrupt/nan.npy", np.array([[1.0, np.nan], [2.0, 3.0]]))
    os.makedirs(os.path.join(CORE_OUT, "corrupt"), exist_ok=True)
    shutil.copy(os.path.join(OUT, "corrupt", "nan.npy"), os.path.join(CORE_OUT, "corrupt", "nan.npy"))


def e2e():
    """Keys, values and queries as CSV and as tensor files: a config over each must agree."""
    x = np.array([1.0, 2.0, 3.0, 4.0])
    y = np.array([2.0, 4.0, 5.0, 8.0])
    q = np.array([[1.5], [2.5], [3.5]])
    with open(os.path.join(CORE_OUT, "e2e", "train.csv"), "w") as f:
        f.write("x,y\n" + "".join("%r,%r\n" % (float(a), float(b)) for a, b in zip(x, y)))
    with open(os.path.join(CORE_OUT, "e2e", "queries.csv"), "w") as f:
        f.write("x\n" + "".join("%r\n" % float(v) for v in q[:, 0]))
    save_npy("e2e/keys.npy", x)  # 1-d: loads as the column [4, 1]
    save_npy("e2e/queries.npy", q, version=(2, 0))
    write("e2e/train.safetensors", safetensors_bytes({"keys": entry(x.reshape(4, 1)), "values": entry(y.reshape(4, 1))}))
    # Two sequences of three 2-d rows: a [2, 3, 2] batch, and the same as a CSV grouped by doc.
    seq = ramp((2, 3, 2), "<f8")
    with open(os.path.join(CORE_OUT, "e2e", "sequences.csv"), "w") as f:
        f.write("doc,a,b\n" + "".join("d%d,%r,%r\n" % (g, *map(float, seq[g, i])) for g in range(2) for i in range(3)))
    save_npy("e2e/sequences.npy", seq)


if __name__ == "__main__":
    os.makedirs(os.path.join(CORE_OUT, "e2e"), exist_ok=True)
    main()
