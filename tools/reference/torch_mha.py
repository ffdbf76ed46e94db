#!/usr/bin/env python3
"""Reference files for loading PyTorch weights: torch.nn.MultiheadAttention and plain attention.

Writes attention-core/src/test/resources/torch/, read by TorchReferenceTest, so the Java tests need
no Python. Needs PyTorch only (Debian: apt-get install python3-torch; run it with /usr/bin/python3).
Safetensors files are written by a small writer below, byte-compatible with
safetensors.torch.save_file, so the safetensors package is not needed either.

For each multi-head case:
  <case>.mha.safetensors        the module's state_dict(), float32, as save_file writes it
  <case>.reference.safetensors  inputs (float64, batch first), 'key_lengths' when keys are padded,
                                and PyTorch's 'output' [B, n, E] and per-head 'weights' [B, h, n, m]
                                (need_weights=True, average_attn_weights=False), computed in float64
                                by the same module widened with .double()
Padding is a suffix of each key sequence (key_padding_mask True = ignore), so it is expressible as
lengths; no query row is fully masked (PyTorch gives NaN there). The causal case passes
attn_mask = triu(ones(n, m), 1) as a bool mask, which is what is_causal means (top-left aligned).

Plain cases (no module): 'scaled-dot' is softmax(Q Kᵀ / √d) V; 'additive' is
softmax(vᵀ tanh(W_q q + W_k k)) V with W_q [h, d_q], W_k [h, d_k], v [1, h] stored under our names
alignment.W_q, alignment.W_k, alignment.v in <case>.parameters.safetensors.
"""
import json
import math
import pathlib
import struct

import torch

OUT = pathlib.Path(__file__).resolve().parents[2] / "attention-core/src/test/resources/torch"
DTYPES = {torch.float32: "F32", torch.float64: "F64"}


def save(path, tensors, metadata=None):
    """safetensors: u64 header length, JSON header (sorted names, offsets), packed little-endian data."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        data = t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def randomise_biases(mha, g):
    # PyTorch starts both biases at zero, which would leave the bias mapping untested.
    with torch.no_grad():
        if mha.in_proj_bias is not None:
            mha.in_proj_bias.copy_(torch.randn(mha.in_proj_bias.shape, generator=g) * 0.3)
            mha.out_proj.bias.copy_(torch.randn(mha.out_proj.bias.shape, generator=g) * 0.3)


def mha_case(name, g, heads, e, n, m=None, kdim=None, vdim=None, cross=False, causal=False, key_lengths=None,
             bias=True, batch=2):
    torch.manual_seed(int(torch.randint(0, 2**31 - 1, (1,), generator=g)))
    mha = torch.nn.MultiheadAttention(e, heads, bias=bias, kdim=kdim, vdim=vdim, batch_first=True)
    randomise_biases(mha, g)
    save(OUT / f"{name}.mha.safetensors", mha.state_dict())

    m = n if m is None else m
    q = torch.randn(batch, n, e, generator=g, dtype=torch.float64)
    k = torch.randn(batch, m, kdim or e, generator=g, dtype=torch.float64) if cross else q
    v = torch.randn(batch, m, vdim or e, generator=g, dtype=torch.float64) if cross else q
    kwargs = {"need_weights": True, "average_attn_weights": False}
    if causal:
        kwargs["attn_mask"] = torch.ones(n, m, dtype=torch.bool).triu(1)
    tensors = {"queries": q, "keys": k, "values": v} if cross else {"sequence": q}
    if key_lengths is not None:
        kwargs["key_padding_mask"] = torch.arange(m)[None, :] >= torch.tensor(key_lengths)[:, None]
        tensors["key_lengths"] = torch.tensor(key_lengths, dtype=torch.float64)
    with torch.no_grad():
        out, weights = mha.double()(q, k, v, **kwargs)
    assert not torch.isnan(out).any() and not torch.isnan(weights).any(), name
    tensors.update({"output": out, "weights": weights})
    save(OUT / f"{name}.reference.safetensors", tensors,
         {"torch": torch.__version__, "heads": str(heads), "embed_dim": str(e)})


def plain_cases(g):
    q = torch.randn(2, 4, 3, generator=g, dtype=torch.float64)
    k = torch.randn(2, 6, 3, generator=g, dtype=torch.float64)
    v = torch.randn(2, 6, 2, generator=g, dtype=torch.float64)
    w = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(3), dim=-1)
    save(OUT / "scaled-dot.reference.safetensors",
         {"queries": q, "keys": k, "values": v, "weights": w, "output": w @ v})

    hidden = 5
    wq = torch.randn(hidden, 3, generator=g, dtype=torch.float64) * 0.5
    wk = torch.randn(hidden, 3, generator=g, dtype=torch.float64) * 0.5
    vv = torch.randn(1, hidden, generator=g, dtype=torch.float64)
    scores = (torch.tanh((q @ wq.T)[:, :, None, :] + (k @ wk.T)[:, None, :, :]) @ vv.T).squeeze(-1)
    w = torch.softmax(scores, dim=-1)
    save(OUT / "additive.parameters.safetensors", {"alignment.W_q": wq, "alignment.W_k": wk, "alignment.v": vv},
         {"format": "attention"})
    save(OUT / "additive.reference.safetensors",
         {"queries": q, "keys": k, "values": v, "weights": w, "output": w @ v})


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    g = torch.Generator().manual_seed(20240611)
    mha_case("self-1", g, heads=1, e=4, n=5)
    mha_case("self-4", g, heads=4, e=8, n=5)
    mha_case("causal-self-4", g, heads=4, e=8, n=6, causal=True)
    mha_case("cross-1", g, heads=1, e=4, n=3, m=6, cross=True)
    mha_case("cross-4-kdim-vdim", g, heads=4, e=8, n=3, m=6, kdim=5, vdim=3, cross=True)
    mha_case("cross-4-padded", g, heads=4, e=8, n=3, m=6, cross=True, key_lengths=[6, 4])
    mha_case("cross-1-padded-no-bias", g, heads=1, e=4, n=4, m=5, cross=True, key_lengths=[2, 5], bias=False)
    plain_cases(g)


if __name__ == "__main__":
    main()
