#!/usr/bin/env python3
"""Checks bench/numpy_reference.py's multi-head forward and hand-written backward against PyTorch.

PyTorch's nn.MultiheadAttention (batch_first, in_proj = [W_q; W_k; W_v], out_proj = W_o) computes
the forward, its autograd the gradients of L = sum(out · g) with respect to x, every W and bias;
numpy_reference.mha_forward / mha_backward must give the same in float64 (relative 1e-10 per
tensor; b_k's, exactly 0, relative to b_q's as in numpy_reference.SCALE_OF) on a few random
shapes, with and without the causal mask.

  python3 bench/check_backward_torch.py      exit 0 and "ok …" when they agree, 1 when not,
                                             77 (skipped) when torch is not importable

Debian's python3-torch installs torch for /usr/bin/python3 (apt-get install python3-torch); run
the script with that interpreter when the default python3 has no torch.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy_reference as ref  # noqa: E402

TOLERANCE = 1e-10


def torch_step(torch, x, p, g, heads, causal):
    b, n, e = x.shape
    mha = torch.nn.MultiheadAttention(e, heads, bias=True, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.from_numpy(np.concatenate([p["W_q"], p["W_k"], p["W_v"]])))
        mha.in_proj_bias.copy_(torch.from_numpy(np.concatenate([p["b_q"], p["b_k"], p["b_v"]], axis=1)[0]))
        mha.out_proj.weight.copy_(torch.from_numpy(p["W_o"]))
        mha.out_proj.bias.copy_(torch.from_numpy(p["b_o"][0]))
    xt = torch.from_numpy(x.copy()).requires_grad_(True)
    mask = torch.triu(torch.ones(n, n, dtype=torch.bool), 1) if causal else None
    out, _ = mha(xt, xt, xt, need_weights=False, attn_mask=mask)
    (out * torch.from_numpy(g)).sum().backward()
    d = e
    w_in = mha.in_proj_weight.grad.numpy()
    b_in = mha.in_proj_bias.grad.numpy()
    grads = {"x": xt.grad.numpy(), "W_o": mha.out_proj.weight.grad.numpy(),
             "b_o": mha.out_proj.bias.grad.numpy()[None, :]}
    for i, t in enumerate("qkv"):
        grads["W_" + t] = w_in[i * d:(i + 1) * d]
        grads["b_" + t] = b_in[None, i * d:(i + 1) * d]
    return out.detach().numpy(), grads


def main():
    try:
        import torch
    except ImportError:
        print("skipped: torch is not importable by " + sys.executable)
        return 77
    rng = np.random.default_rng(20)
    worst = 0.0
    checked = 0
    for b, n, e, heads in ((1, 1, 4, 1), (2, 7, 12, 3), (3, 16, 16, 4), (2, 33, 24, 8)):
        for causal in (False, True):
            x = rng.standard_normal((b, n, e))
            p = {w: rng.standard_normal((e, e)) / np.sqrt(e) for w in ("W_q", "W_k", "W_v", "W_o")}
            p.update({bias: 0.1 * rng.standard_normal((1, e)) for bias in ("b_q", "b_k", "b_v", "b_o")})
            g = rng.standard_normal((b, n, e))
            out, saved = ref.mha_forward(x, p, heads, causal)
            grads = ref.mha_backward(saved, p, g)
            t_out, t_grads = torch_step(torch, x, p, g, heads, causal)
            for name, ours, theirs in [("output", out, t_out)] + [(k, grads[k], t_grads[k]) for k in sorted(t_grads)]:
                assert ours.shape == theirs.shape, f"{name}: shape {ours.shape} vs torch {theirs.shape}"
                scale = t_grads[ref.SCALE_OF["d" + name][1:]] if "d" + name in ref.SCALE_OF else theirs
                rel = float(np.max(np.abs(ours - theirs)) / max(np.max(np.abs(scale)), 1e-300))
                checked += 1
                if not rel <= TOLERANCE:
                    print(f"FAIL: b={b} n={n} E={e} heads={heads} causal={causal} {name}: relative difference {rel:.3e}")
                    return 1
                worst = max(worst, rel)
    print(f"ok: numpy multi-head forward + hand-written backward = torch {torch.__version__} autograd, "
          f"{checked} tensors, max relative difference {worst:.1e} (float64)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
