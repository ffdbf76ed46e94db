#!/usr/bin/env python3
"""Reference files for masks from tensor files: torch.nn.MultiheadAttention with a key_padding_mask
and an attn_mask, and global attention with key_lengths and attention_mask (numpy).

Writes attention-core/src/test/resources/torch-masks/<case>/, read by TorchMasksTest, so the Java
tests need no Python. Run it once with Debian's PyTorch: /usr/bin/python3 tools/reference_torch_masks.py
Each case folder holds a config.yaml that `attention run` takes as it is, the .npy inputs it names
(float32 data; masks bool, integer or float as PyTorch takes them), the module's state dict as
mha.safetensors (written by tools/reference/torch_mha.py's writer) and the references:
  output.npy        [B, n, E]     PyTorch's output, float64, computed by the module widened with
                                  .double() on the same float32 inputs and weights
  weights.npy       [B, h, n, m]  per head (average_attn_weights=False)
  weights_mean.npy  [B, n, m]     averaged over heads (PyTorch's default)
No reference query row is fully masked: PyTorch gives NaN there, we give zeros (tested on its own).

Cases:
  mha-key-padding   self-attention, 2 heads; key_padding_mask (bool, True = ignore) whose padding is
                    NOT a suffix: [F, T, F, F, T] and [F, F, T, F, F]
  mha-attn-mask     cross-attention, 2 heads; float attn_mask [n, m] with -inf entries and finite
                    shifts, plus a bool key_padding_mask
  mha-bool-per-head cross-attention, 2 heads; bool attn_mask [B*heads, n, m] (True = not allowed)
  global-lengths    global attention (scaled-dot, softmax) with key_lengths (int64), query_lengths
                    and an attention_mask (Hugging Face: 1 = attend, int64); the third batch element's
                    keys are all hidden, so its output is zeros; numpy computes the reference
"""
import math
import pathlib
import sys

import numpy as np
import torch

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "reference"))
from torch_mha import randomise_biases, save  # noqa: E402  (the project's own safetensors writer)

OUT = ROOT / "attention-core/src/test/resources/torch-masks"


def write(case, files, config):
    d = OUT / case
    d.mkdir(parents=True, exist_ok=True)
    for name, a in files.items():
        np.save(d / name, a)
    (d / "config.yaml").write_text(config)


def mha_case(case, g, cross, heads, e, batch, n, m, key_padding_mask=None, attn_mask=None):
    torch.manual_seed(int(torch.randint(0, 2**31 - 1, (1,), generator=g)))
    mha = torch.nn.MultiheadAttention(e, heads, batch_first=True)
    randomise_biases(mha, g)
    d = OUT / case
    d.mkdir(parents=True, exist_ok=True)
    save(d / "mha.safetensors", mha.state_dict())
    q = torch.randn(batch, n, e, generator=g).float()
    k = torch.randn(batch, m, e, generator=g).float() if cross else q
    v = torch.randn(batch, m, e, generator=g).float() if cross else q
    kwargs = {"need_weights": True}
    files = {}
    if cross:
        files.update({"queries.npy": q.numpy(), "keys.npy": k.numpy(), "values.npy": v.numpy()})
        inputs = "  queries: queries.npy\n  keys: keys.npy\n  values: values.npy\n"
    else:
        files["x.npy"] = q.numpy()
        inputs = "  sequence: x.npy\n"
    if key_padding_mask is not None:
        kwargs["key_padding_mask"] = torch.tensor(key_padding_mask)
        files["key_padding_mask.npy"] = np.array(key_padding_mask, dtype=bool)
        inputs += "  key_padding_mask: key_padding_mask.npy\n"
    if attn_mask is not None:
        kwargs["attn_mask"] = torch.tensor(attn_mask)
        files["attn_mask.npy"] = np.array(attn_mask)
        inputs += "  attn_mask: attn_mask.npy\n"
    wide = mha.double()
    with torch.no_grad():
        wide_kwargs = dict(kwargs)
        if attn_mask is not None and wide_kwargs["attn_mask"].dtype.is_floating_point:
            wide_kwargs["attn_mask"] = wide_kwargs["attn_mask"].double()
        out, per_head = wide(q.double(), k.double(), v.double(), average_attn_weights=False, **wide_kwargs)
        _, mean = wide(q.double(), k.double(), v.double(), average_attn_weights=True, **wide_kwargs)
    for t in (out, per_head, mean):
        assert not torch.isnan(t).any(), case
    files.update({"output.npy": out.numpy(), "weights.npy": per_head.numpy(), "weights_mean.npy": mean.numpy()})
    config = (f"name: {case}\ndtype: float32\npipeline:\n"
              f"  variant: {{id: multi-head, heads: {heads}, inputs: {'cross' if cross else 'self'},"
              f" average-weights: true}}\n"
              "  alignment: scaled-dot\n  distribution: softmax\n"
              f"inputs:\n{inputs}parameters: {{file: mha.safetensors, format: torch-mha}}\n")
    write(case, files, config)


def global_case(g):
    rng = np.random.default_rng(int(torch.randint(0, 2**31 - 1, (1,), generator=g)))
    batch, n, m, d, dv = 3, 4, 5, 3, 2
    q = rng.standard_normal((batch, n, d)).astype(np.float32)
    k = rng.standard_normal((batch, m, d)).astype(np.float32)
    v = rng.standard_normal((batch, m, dv)).astype(np.float32)
    key_lengths = np.array([5, 3, 5], dtype=np.int64)
    query_lengths = np.array([4, 2, 4], dtype=np.int64)
    attention_mask = np.array([[1, 0, 1, 1, 1], [1, 1, 0, 1, 1], [0, 0, 0, 0, 0]], dtype=np.int64)
    visible = (np.arange(m)[None, :] < key_lengths[:, None]) & (attention_mask == 1)       # [B, m]
    real_q = np.arange(n)[None, :] < query_lengths[:, None]                                 # [B, n]
    allowed = visible[:, None, :] & real_q[:, :, None]                                      # [B, n, m]
    s = np.einsum("bid,bjd->bij", q.astype(np.float64), k.astype(np.float64)) / math.sqrt(d)
    s = np.where(allowed, s, -np.inf)
    top = np.max(s, axis=-1, keepdims=True)
    e = np.where(allowed, np.exp(s - np.where(np.isfinite(top), top, 0)), 0.0)
    total = e.sum(axis=-1, keepdims=True)
    w = np.divide(e, total, out=np.zeros_like(e), where=total > 0)
    out = w @ v.astype(np.float64)
    config = ("name: global-lengths\ndtype: float32\npipeline: {variant: global, alignment: scaled-dot,"
              " distribution: softmax}\ninputs:\n  queries: queries.npy\n  keys: keys.npy\n  values: values.npy\n"
              "  key_lengths: key_lengths.npy\n  query_lengths: query_lengths.npy\n"
              "  attention_mask: attention_mask.npy\n")
    write("global-lengths", {"queries.npy": q, "keys.npy": k, "values.npy": v, "key_lengths.npy": key_lengths,
                             "query_lengths.npy": query_lengths, "attention_mask.npy": attention_mask,
                             "output.npy": out, "weights.npy": w}, config)


def main():
    g = torch.Generator().manual_seed(20261205)
    mha_case("mha-key-padding", g, cross=False, heads=2, e=8, batch=2, n=5, m=5,
             key_padding_mask=[[False, True, False, False, True], [False, False, True, False, False]])
    inf = float("-inf")
    mha_case("mha-attn-mask", g, cross=True, heads=2, e=8, batch=2, n=3, m=4,
             key_padding_mask=[[False, False, True, False], [False, False, False, False]],
             attn_mask=np.array([[0.0, inf, 0.5, -1.0], [inf, 0.0, 0.0, 2.0], [1.5, -0.5, inf, 0.0]],
                                dtype=np.float32))
    per_head = np.zeros((2 * 2, 3, 4), dtype=bool)
    per_head[0, 0, 1] = per_head[1, 2, :3] = per_head[2, 1, 0] = per_head[3, :, 3] = True
    mha_case("mha-bool-per-head", g, cross=True, heads=2, e=8, batch=2, n=3, m=4, attn_mask=per_head)
    global_case(g)


if __name__ == "__main__":
    main()
