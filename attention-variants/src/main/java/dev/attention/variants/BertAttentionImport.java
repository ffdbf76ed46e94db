package dev.attention.variants;

import dev.attention.api.ConfigException;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.Map;

/**
 * Format {@code bert}: the attention of one encoder layer of a BERT-style checkpoint (Hugging Face's
 * {@code BertSelfAttention} and the dense projection of {@code BertSelfOutput}) as {@code multi-head}'s
 * parameters:
 * <pre>
 *   {prefix}attention.self.query.weight [H, H], .bias [H]  → variant.W_q, b_q [1, H]
 *   {prefix}attention.self.key.weight, .bias               → variant.W_k, b_k
 *   {prefix}attention.self.value.weight, .bias             → variant.W_v, b_v
 *   {prefix}attention.output.dense.weight, .bias           → variant.W_o, b_o
 * </pre>
 * with a prefix such as {@code bert.encoder.layer.0.}. The output is the layer's up to
 * {@code attention.output.dense}: its dropout, residual and LayerNorm are not part of it. Heads are the
 * model's {@code num_attention_heads} (not in the file), head width H / heads; the padding mask is
 * given as {@code attention_mask} (0/1, 1 = attend).
 */
final class BertAttentionImport extends PresetLayerImport {
    static final String FORMAT = "bert";
    private static final Map<String, String> TABLE = pairs(
            "attention.self.query.weight", "W_q", "attention.self.key.weight", "W_k",
            "attention.self.value.weight", "W_v", "attention.output.dense.weight", "W_o",
            "attention.self.query.bias", "b_q", "attention.self.key.bias", "b_k",
            "attention.self.value.bias", "b_v", "attention.output.dense.bias", "b_o");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String description() {
        return "the attention of a BERT-style layer (Hugging Face BertSelfAttention and attention.output.dense:"
                + " {prefix}attention.self.query/key/value and attention.output.dense .weight and .bias) in a model's"
                + " safetensors file; prefix e.g. bert.encoder.layer.0.; other tensors are ignored";
    }

    @Override
    public String shapeHint() {
        return "H (hidden_size) is the size of every matrix of the layer and must be the sequence's width";
    }

    @Override
    Map<String, String> table() {
        return TABLE;
    }

    @Override
    String family() {
        return "BERT";
    }

    @Override
    String settingsHint() {
        return "for a BERT layer use multi-head with bias: true (the default, without bias-q … bias-o: false),"
                + " alignment scaled-dot, distribution softmax, no learned positions and no kv-heads";
    }

    @Override
    void checkFile(String file, String prefix, Map<String, Tensor> w, Parameters pipeline) {
        int h = w.get("W_q").cols();
        for (Map.Entry<String, String> e : TABLE.entrySet()) {
            Tensor t = w.get(e.getValue());
            boolean bias = e.getValue().startsWith("b_");
            if (bias ? t.size() != h : t.rows() != h || t.cols() != h) {
                throw inTensor(file, prefix + e.getKey(), "shape " + (bias ? "[" + t.size() + "]" : shape(t))
                        + " is not " + (bias ? "[" + h + "]" : "[" + h + ", " + h + "]") + " (hidden_size " + h
                        + " from " + prefix + "attention.self.query.weight)");
            }
        }
        for (String p : new String[] {"W_q", "W_k"}) {
            int rows = pipeline.get(qualified(p)).rows();
            if (rows != h) {
                throw new ConfigException(KEY, file + ": the layer's " + (p.equals("W_q") ? "query" : "key")
                        + " has " + h + " rows (hidden_size) but the pipeline's " + p + " has " + rows,
                        "BERT's head width is hidden_size / heads: leave head-dim and kv-heads unset and set heads"
                                + " to the model's num_attention_heads");
            }
        }
    }
}
