#!/usr/bin/env python3
"""Small Llama-style and BERT-style attention layers, stored under their usual tensor names, with
the outputs of their published formulas (numpy only).

Writes two runnable folders under attention-core/src/test/resources/pretrained/, read by
PretrainedLayersTest:

llama/  model.safetensors  a decoder of two layers in float16 (as checkpoints are often shipped):
                           model.layers.{0,1}.self_attn.{q,k,v,o}_proj.weight, no biases, with the
                           tensors a real checkpoint has besides (embed_tokens, input_layernorm, mlp.*,
                           model.norm); hidden 32, 4 heads of 8, 2 key/value heads (grouped-query).
        hidden_states.npy  float32 [2, 6, 32]
        config.yaml        runs it: multi-head, format: llama, prefix: model.layers.1.self_attn.
        output.npy         float64 [2, 6, 32]: layer 1's self_attn as Hugging Face's LlamaAttention
                           computes it: q, k, v projections; rotary embeddings (rotate_half, theta
                           10000, positions 0..n-1) on q and k; repeat_kv; causal softmax(q kᵀ/√d);
                           o_proj. Computed in float64 from the float16 weights widened.
bert/   model.safetensors  an encoder of two layers in float32: bert.encoder.layer.{0,1}.attention.self.
                           {query,key,value}.{weight,bias}, attention.output.dense.{weight,bias}, with
                           attention.output.LayerNorm, intermediate/output dense and the embeddings;
                           hidden 16, 4 heads of 4.
        hidden_states.npy  float32 [2, 5, 16]
        attention_mask.npy int64 [2, 5]: 1 = attend; the second sequence has 2 padding tokens
        config.yaml        runs it: multi-head, format: bert, prefix: bert.encoder.layer.0.
        output.npy         float64 [2, 5, 16]: layer 0's BertSelfAttention (the mask added as
                           (1 − mask)·min, softmax(q kᵀ/√d + mask)) followed by attention.output.dense,
                           before dropout and LayerNorm. Padding rows are computed too, as BERT does.

Run from the repository root:  python3 tools/make_pretrained_layers.py
"""
import json
import pathlib
import struct

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "attention-core/src/test/resources/pretrained"
ST_DTYPE = {np.dtype("<f2"): "F16", np.dtype("<f4"): "F32", np.dtype("<f8"): "F64"}


LLAMA_CONFIG = """\
# Layer 1's self-attention of a small Llama-style decoder (tools/make_pretrained_layers.py).
# The file does not hold heads, kv-heads or the rotary embedding: they are the model's config.json.
dtype: float64
pipeline:
  variant: {id: multi-head, heads: 4, kv-heads: 2, bias: false, causal: true, rope: true, rope-theta: 10000}
  alignment: scaled-dot
  distribution: softmax
inputs:
  sequence: hidden_states.npy
parameters: {file: model.safetensors, format: llama, prefix: model.layers.1.self_attn.}
output: {format: npy}
"""

BERT_CONFIG = """\
# Layer 0's attention of a small BERT-style encoder up to attention.output.dense (tools/make_pretrained_layers.py).
dtype: float64
pipeline:
  variant: {id: multi-head, heads: 4}
  alignment: scaled-dot
  distribution: softmax
inputs:
  sequence: hidden_states.npy
  attention_mask: attention_mask.npy
parameters: {file: model.safetensors, format: bert, prefix: bert.encoder.layer.0.}
output: {format: npy}
"""


def save_safetensors(path, tensors):
    """The format by its description: u64 header length, JSON header (sorted names), packed data."""
    header = {"__metadata__": {"format": "pt"}}
    data = b""
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name])
        raw = a.astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": ST_DTYPE[a.dtype], "shape": list(a.shape),
                        "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    path.write_bytes(struct.pack("<Q", len(text)) + text + data)


def softmax(s):
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def linear(x, w, b=None):
    """nn.Linear: weight [out, in]."""
    return x @ w.T + (0.0 if b is None else b)


# ---- Llama (transformers' modeling_llama: LlamaRotaryEmbedding, rotate_half, repeat_kv) ----

def rotate_half(x):
    half = x.shape[-1] // 2
    return np.concatenate([-x[..., half:], x[..., :half]], axis=-1)


def llama_attention(x, wq, wk, wv, wo, heads, kv_heads, theta):
    b, n, _ = x.shape
    d = wq.shape[0] // heads
    q = linear(x, wq).reshape(b, n, heads, d).transpose(0, 2, 1, 3)             # [b, h, n, d]
    k = linear(x, wk).reshape(b, n, kv_heads, d).transpose(0, 2, 1, 3)          # [b, h_kv, n, d]
    v = linear(x, wv).reshape(b, n, kv_heads, d).transpose(0, 2, 1, 3)
    inv_freq = 1.0 / theta ** (np.arange(0, d, 2) / d)
    freqs = np.outer(np.arange(n), inv_freq)
    emb = np.concatenate([freqs, freqs], axis=-1)                               # [n, d]
    cos, sin = np.cos(emb), np.sin(emb)
    q = q * cos + rotate_half(q) * sin
    k = k * cos + rotate_half(k) * sin
    k = np.repeat(k, heads // kv_heads, axis=1)                                 # repeat_kv
    v = np.repeat(v, heads // kv_heads, axis=1)
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d)
    s = np.where(np.tril(np.ones((n, n), dtype=bool)), s, -np.inf)              # causal
    o = (softmax(s) @ v).transpose(0, 2, 1, 3).reshape(b, n, heads * d)
    return linear(o, wo)


def llama(rng):
    hidden, heads, kv_heads, d, n, batch, inter = 32, 4, 2, 8, 6, 2, 20
    t = {"model.embed_tokens.weight": rng.normal(0, 0.5, (11, hidden)),
         "model.norm.weight": 1 + rng.normal(0, 0.1, hidden)}
    for layer in range(2):
        p = f"model.layers.{layer}."
        t[p + "self_attn.q_proj.weight"] = rng.normal(0, 0.4, (heads * d, hidden))
        t[p + "self_attn.k_proj.weight"] = rng.normal(0, 0.4, (kv_heads * d, hidden))
        t[p + "self_attn.v_proj.weight"] = rng.normal(0, 0.4, (kv_heads * d, hidden))
        t[p + "self_attn.o_proj.weight"] = rng.normal(0, 0.4, (hidden, heads * d))
        t[p + "input_layernorm.weight"] = 1 + rng.normal(0, 0.1, hidden)
        t[p + "post_attention_layernorm.weight"] = 1 + rng.normal(0, 0.1, hidden)
        t[p + "mlp.gate_proj.weight"] = rng.normal(0, 0.2, (inter, hidden))
        t[p + "mlp.up_proj.weight"] = rng.normal(0, 0.2, (inter, hidden))
        t[p + "mlp.down_proj.weight"] = rng.normal(0, 0.2, (hidden, inter))
    t = {k: v.astype("<f2") for k, v in t.items()}
    x = rng.normal(0, 1, (batch, n, hidden)).astype("<f4")
    w = {k: v.astype(np.float64) for k, v in t.items()}
    a = "model.layers.1.self_attn."
    out = llama_attention(x.astype(np.float64), w[a + "q_proj.weight"], w[a + "k_proj.weight"],
                          w[a + "v_proj.weight"], w[a + "o_proj.weight"], heads, kv_heads, 10000.0)
    folder = OUT / "llama"
    folder.mkdir(parents=True, exist_ok=True)
    save_safetensors(folder / "model.safetensors", t)
    np.save(folder / "hidden_states.npy", x)
    np.save(folder / "output.npy", out)
    (folder / "config.yaml").write_text(LLAMA_CONFIG, encoding="utf-8")


# ---- BERT (transformers' modeling_bert: BertSelfAttention, BertSelfOutput.dense) ----

def bert_attention(x, mask, p, heads):
    b, n, hidden = x.shape
    d = hidden // heads

    def split(t):
        return t.reshape(b, n, heads, d).transpose(0, 2, 1, 3)
    q = split(linear(x, p["attention.self.query.weight"], p["attention.self.query.bias"]))
    k = split(linear(x, p["attention.self.key.weight"], p["attention.self.key.bias"]))
    v = split(linear(x, p["attention.self.value.weight"], p["attention.self.value.bias"]))
    extended = (1.0 - mask[:, None, None, :]) * np.finfo(np.float64).min         # get_extended_attention_mask
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d) + extended
    context = (softmax(s) @ v).transpose(0, 2, 1, 3).reshape(b, n, hidden)
    return linear(context, p["attention.output.dense.weight"], p["attention.output.dense.bias"])


def bert(rng):
    hidden, heads, n, batch, inter = 16, 4, 5, 2, 24
    t = {"bert.embeddings.word_embeddings.weight": rng.normal(0, 0.5, (13, hidden)),
         "bert.embeddings.position_embeddings.weight": rng.normal(0, 0.5, (8, hidden)),
         "bert.embeddings.LayerNorm.weight": 1 + rng.normal(0, 0.1, hidden),
         "bert.embeddings.LayerNorm.bias": rng.normal(0, 0.1, hidden)}
    for layer in range(2):
        p = f"bert.encoder.layer.{layer}."
        for proj in ("query", "key", "value"):
            t[p + f"attention.self.{proj}.weight"] = rng.normal(0, 0.4, (hidden, hidden))
            t[p + f"attention.self.{proj}.bias"] = rng.normal(0, 0.2, hidden)
        t[p + "attention.output.dense.weight"] = rng.normal(0, 0.4, (hidden, hidden))
        t[p + "attention.output.dense.bias"] = rng.normal(0, 0.2, hidden)
        t[p + "attention.output.LayerNorm.weight"] = 1 + rng.normal(0, 0.1, hidden)
        t[p + "attention.output.LayerNorm.bias"] = rng.normal(0, 0.1, hidden)
        t[p + "intermediate.dense.weight"] = rng.normal(0, 0.2, (inter, hidden))
        t[p + "intermediate.dense.bias"] = rng.normal(0, 0.1, inter)
        t[p + "output.dense.weight"] = rng.normal(0, 0.2, (hidden, inter))
        t[p + "output.dense.bias"] = rng.normal(0, 0.1, hidden)
    t = {k: v.astype("<f4") for k, v in t.items()}
    x = rng.normal(0, 1, (batch, n, hidden)).astype("<f4")
    mask = np.array([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]], dtype="<i8")
    prefix = "bert.encoder.layer.0."
    p = {k[len(prefix):]: v.astype(np.float64) for k, v in t.items() if k.startswith(prefix)}
    out = bert_attention(x.astype(np.float64), mask.astype(np.float64), p, heads)
    folder = OUT / "bert"
    folder.mkdir(parents=True, exist_ok=True)
    save_safetensors(folder / "model.safetensors", t)
    np.save(folder / "hidden_states.npy", x)
    np.save(folder / "attention_mask.npy", mask)
    np.save(folder / "output.npy", out)
    (folder / "config.yaml").write_text(BERT_CONFIG, encoding="utf-8")


def main():
    rng = np.random.default_rng(20261206)
    llama(rng)
    bert(rng)


if __name__ == "__main__":
    main()
