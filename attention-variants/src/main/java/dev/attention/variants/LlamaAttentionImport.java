package dev.attention.variants;

import dev.attention.api.ConfigException;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.Map;

/**
 * Format {@code llama}: the self-attention of one decoder layer of a Llama-style checkpoint (Llama,
 * Mistral, and others written by Hugging Face's {@code LlamaAttention}) as {@code multi-head}'s parameters:
 * <pre>
 *   {prefix}q_proj.weight [h·d, E]     → variant.W_q
 *   {prefix}k_proj.weight [h_kv·d, E]  → variant.W_k     (grouped-query: h_kv = rows / d)
 *   {prefix}v_proj.weight [h_kv·d, E]  → variant.W_v
 *   {prefix}o_proj.weight [E, h·d]     → variant.W_o
 * </pre>
 * with a prefix such as {@code model.layers.3.self_attn.}; no biases. The file does not say h, h_kv or
 * d (they are in the model's {@code config.json}), nor the rotary embedding: the pipeline sets
 * {@code heads}, {@code kv-heads}, {@code head-dim}, {@code bias: false}, {@code causal: true} and
 * {@code rope: true} (with {@code rope-theta}); what the file does fix, the rows of q and k, is checked
 * against the pipeline's W_q and W_k here so a wrong {@code kv-heads} or {@code head-dim} is one line.
 */
final class LlamaAttentionImport extends PresetLayerImport {
    static final String FORMAT = "llama";
    private static final Map<String, String> TABLE = pairs("q_proj.weight", "W_q", "k_proj.weight", "W_k",
            "v_proj.weight", "W_v", "o_proj.weight", "W_o");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String description() {
        return "the self-attention of a Llama-style layer (Hugging Face LlamaAttention: {prefix}q_proj, k_proj,"
                + " v_proj, o_proj .weight, no biases) in a model's safetensors file; prefix e.g."
                + " model.layers.0.self_attn.; other tensors are ignored";
    }

    @Override
    public String shapeHint() {
        return "E (hidden_size) is the width of q_proj's columns and o_proj's rows and must be the sequence's width";
    }

    @Override
    Map<String, String> table() {
        return TABLE;
    }

    @Override
    String family() {
        return "Llama";
    }

    @Override
    String settingsHint() {
        return "for a Llama layer set multi-head's bias: false (no bias-q, bias-k, bias-v, bias-o), causal: true,"
                + " rope: true, with alignment scaled-dot, distribution softmax and no learned positions";
    }

    @Override
    void checkFile(String file, String prefix, Map<String, Tensor> w, Parameters pipeline) {
        Tensor q = w.get("W_q");
        Tensor k = w.get("W_k");
        Tensor v = w.get("W_v");
        Tensor o = w.get("W_o");
        int e = q.cols();
        for (Map.Entry<String, Tensor> kv : Map.of("k_proj.weight", k, "v_proj.weight", v).entrySet()) {
            if (kv.getValue().cols() != e) {
                throw inTensor(file, prefix + kv.getKey(), "has " + kv.getValue().cols() + " columns but "
                        + prefix + "q_proj.weight has " + e + " (hidden_size)");
            }
        }
        if (v.rows() != k.rows()) {
            throw inTensor(file, prefix + "v_proj.weight", "has " + v.rows() + " rows but " + prefix
                    + "k_proj.weight has " + k.rows() + " (num_key_value_heads · head_dim)");
        }
        if (o.rows() != e || o.cols() != q.rows()) {
            throw inTensor(file, prefix + "o_proj.weight", "shape " + shape(o) + " is not [hidden_size, "
                    + "num_attention_heads · head_dim] = [" + e + ", " + q.rows() + "] (from q_proj.weight)");
        }
        if (q.rows() % k.rows() != 0) {
            throw inTensor(file, prefix + "k_proj.weight", "has " + k.rows() + " rows, which do not divide q_proj's "
                    + q.rows() + " (num_key_value_heads must divide num_attention_heads)");
        }
        int wq = pipeline.get(qualified("W_q")).rows();
        if (wq != q.rows()) {
            throw new ConfigException(KEY, file + ": " + prefix + "q_proj.weight has " + q.rows()
                    + " rows (num_attention_heads · head_dim) but the pipeline's W_q has " + wq + " (heads · head-dim)",
                    "set multi-head's heads to the model's num_attention_heads and head-dim so that heads · head-dim = "
                            + q.rows());
        }
        int wk = pipeline.get(qualified("W_k")).rows();
        int group = q.rows() / k.rows();
        if (wk != k.rows()) {
            throw new ConfigException(KEY, file + ": " + prefix + "k_proj.weight has " + k.rows()
                    + " rows (num_key_value_heads · head_dim), " + (group == 1 ? "as many as q_proj"
                            : "1/" + group + " of q_proj's") + ", but the pipeline's W_k has " + wk
                    + " (kv-heads · head-dim)", group == 1 ? "set kv-heads: 0 (= heads) or leave it out"
                            : "set kv-heads to heads / " + group + " (the model's num_key_value_heads)");
        }
    }
}
