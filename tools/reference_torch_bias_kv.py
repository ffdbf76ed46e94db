#!/usr/bin/env python3
"""Reference files for multi-head's add-bias-kv and add-zero-attn: torch.nn.MultiheadAttention made
with add_bias_kv / add_zero_attn, its state dict loaded through format torch-mha.

Writes attention-core/src/test/resources/torch-bias-kv/<case>/, read by TorchBiasKvTest, so the Java
tests need no Python. Run it once with Debian's PyTorch: /usr/bin/python3 tools/reference_torch_bias_kv.py
Each case folder holds a config.yaml that `attention run` takes as it is, the .npy inputs it names
(float32), the module's state dict as mha.safetensors (bias_k, bias_v [1, 1, E] among its tensors;
written by tools/reference/torch_mha.py's writer, no safetensors package needed) and the references:
  output.npy        [B, n, E]        PyTorch's output, float64, computed by the module widened with
                                     .double() on the same float32 inputs and weights
  weights.npy       [B, h, n, m + e] per head (average_attn_weights=False); e = 1 or 2 appended keys
  weights_mean.npy  [B, n, m + e]    averaged over heads (PyTorch's default)

Cases:
  bias-kv-zero-attn-padding  self-attention, 2 heads, add_bias_kv and add_zero_attn, a key_padding_mask
                             whose padding is NOT a suffix ([F, T, F, F, T], [F, F, T, F, F])
  bias-kv-causal             self-attention, 2 heads, add_bias_kv; attn_mask = triu(ones(n, n), 1) (bool),
                             which our `causal: true` must match: PyTorch pads attn_mask with a
                             visible column, so every query sees the bias key
  zero-attn-cross-mask       cross-attention, 2 heads, kdim 6, vdim 5 (separate projection weights),
                             add_zero_attn only; a float attn_mask [n, m] with -inf entries, one query
                             row all -inf (it still sees the zero key, so no NaN) and a bool
                             key_padding_mask
"""
import pathlib
import sys

import numpy as np
import torch

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "reference"))
from torch_mha import randomise_biases, save  # noqa: E402  (the project's own safetensors writer)

OUT = ROOT / "attention-core/src/test/resources/torch-bias-kv"


def case(name, g, heads, e, batch, n, m=None, kdim=None, vdim=None, add_bias_kv=False, add_zero_attn=False,
         key_padding_mask=None, attn_mask=None, causal=False):
    cross = m is not None
    m = n if m is None else m
    torch.manual_seed(int(torch.randint(0, 2**31 - 1, (1,), generator=g)))
    mha = torch.nn.MultiheadAttention(e, heads, batch_first=True, kdim=kdim, vdim=vdim, add_bias_kv=add_bias_kv,
                                      add_zero_attn=add_zero_attn)
    randomise_biases(mha, g)
    d = OUT / name
    d.mkdir(parents=True, exist_ok=True)
    save(d / "mha.safetensors", mha.state_dict())
    q = torch.randn(batch, n, e, generator=g).float()
    k = torch.randn(batch, m, kdim or e, generator=g).float() if cross else q
    v = torch.randn(batch, m, vdim or e, generator=g).float() if cross else q
    files = {}
    kwargs = {"need_weights": True}
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
        files["attn_mask.npy"] = np.array(attn_mask)
        inputs += "  attn_mask: attn_mask.npy\n"
        kwargs["attn_mask"] = torch.tensor(attn_mask).double()
    if causal:
        # is_causal's meaning, given as the mask PyTorch pads for the appended keys.
        kwargs["attn_mask"] = torch.ones(n, m, dtype=torch.bool).triu(1)
    wide = mha.double()
    with torch.no_grad():
        out, per_head = wide(q.double(), k.double(), v.double(), average_attn_weights=False, **kwargs)
        _, mean = wide(q.double(), k.double(), v.double(), average_attn_weights=True, **kwargs)
    for t in (out, per_head, mean):
        assert not torch.isnan(t).any(), name
    extra = int(add_bias_kv) + int(add_zero_attn)
    assert per_head.shape == (batch, heads, n, m + extra), per_head.shape
    files.update({"output.npy": out.numpy(), "weights.npy": per_head.numpy(), "weights_mean.npy": mean.numpy()})
    for f, a in files.items():
        np.save(d / f, a)
    variant = (f"{{id: multi-head, heads: {heads}, inputs: {'cross' if cross else 'self'}, average-weights: true,"
               f" add-bias-kv: {str(add_bias_kv).lower()}, add-zero-attn: {str(add_zero_attn).lower()}"
               f"{', causal: true' if causal else ''}}}")
    (d / "config.yaml").write_text(
        f"name: {name}\ndtype: float32\npipeline:\n  variant: {variant}\n  alignment: scaled-dot\n"
        f"  distribution: softmax\ninputs:\n{inputs}parameters: {{file: mha.safetensors, format: torch-mha}}\n")


def main():
    g = torch.Generator().manual_seed(20261206)
    case("bias-kv-zero-attn-padding", g, heads=2, e=8, batch=2, n=5, add_bias_kv=True, add_zero_attn=True,
         key_padding_mask=[[False, True, False, False, True], [False, False, True, False, False]])
    case("bias-kv-causal", g, heads=2, e=8, batch=2, n=4, add_bias_kv=True, causal=True)
    inf = float("-inf")
    case("zero-attn-cross-mask", g, heads=2, e=8, batch=2, n=3, m=4, kdim=6, vdim=5, add_zero_attn=True,
         key_padding_mask=[[False, False, True, False], [False, False, False, False]],
         attn_mask=np.array([[0.0, inf, 0.5, -1.0], [inf, inf, inf, inf], [1.5, -0.5, inf, 0.0]], dtype=np.float32))


if __name__ == "__main__":
    main()
