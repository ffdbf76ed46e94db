package dev.attention.variants;

import dev.attention.api.ConfigException;
import dev.attention.api.DataException;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.spi.TensorImport;
import java.nio.DoubleBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Format {@code torch-mha}: a PyTorch {@code nn.MultiheadAttention} state dict saved as safetensors
 * ({@code save_file(mha.state_dict(), "mha.safetensors")}) as the parameters of {@code multi-head}:
 * <pre>
 *   in_proj_weight [3E, E]   → variant.W_q, W_k, W_v [E, E]   (rows 0..E, E..2E, 2E..3E)
 *   q_proj_weight [E, E], k_proj_weight [E, kdim], v_proj_weight [E, vdim]
 *                            → variant.W_q, W_k, W_v          (the form used when kdim/vdim ≠ E)
 *   in_proj_bias [3E]        → variant.b_q, b_k, b_v [1, E]
 *   out_proj.weight [E, E]   → variant.W_o
 *   out_proj.bias [E]        → variant.b_o [1, E]
 *   bias_k, bias_v [1, 1, E] → variant.bias_k, bias_v [1, E]   (add_bias_kv=True; multi-head's add-bias-kv)
 * </pre>
 * Both layouts are {@code [out, in]} like ours, so no transpose is needed; 1-d biases become rows
 * {@code [1, E]}. Tensors keep their stored dtype. Strict as {@link TensorImport} asks: a tensor that
 * is not part of {@code nn.MultiheadAttention} (below the prefix), a missing or inconsistent tensor is a
 * {@link DataException} naming the file and the tensor; a pipeline whose biases differ from the file's
 * (including {@code bias_k}/{@code bias_v} against {@code add-bias-kv}) or that has parameters the
 * module lacks (learned positions, a learnable alignment) is a {@link ConfigException}, since their
 * values would silently stay random. {@code add_zero_attn} leaves nothing in the state dict: the
 * pipeline's {@code add-zero-attn} must match the module's flag by hand.
 */
final class TorchMultiheadImport implements TensorImport {
    static final String FORMAT = "torch-mha";
    static final String IN_PROJ_WEIGHT = "in_proj_weight";
    static final String IN_PROJ_BIAS = "in_proj_bias";
    static final String OUT_WEIGHT = "out_proj.weight";
    static final String OUT_BIAS = "out_proj.bias";
    private static final String KEY = "parameters";
    private static final List<String> SEPARATE = List.of("q_proj_weight", "k_proj_weight", "v_proj_weight");
    private static final List<String> KNOWN = List.of(IN_PROJ_WEIGHT, IN_PROJ_BIAS, OUT_WEIGHT, OUT_BIAS,
            "q_proj_weight", "k_proj_weight", "v_proj_weight", "bias_k", "bias_v");
    private static final List<String> PROJECTED = List.of("q", "k", "v");
    /** The variant's names the module fills, in the variant's order: weights, then biases. */
    private static final List<String> FILLED = List.of("W_q", "W_k", "W_v", "W_o", "b_q", "b_k", "b_v", "b_o",
            KeyExtras.BIAS_K, KeyExtras.BIAS_V);
    private static final List<String> BIAS_KV = List.of(KeyExtras.BIAS_K, KeyExtras.BIAS_V);

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String description() {
        return "a PyTorch nn.MultiheadAttention state dict, saved in Python by from safetensors.torch import"
                + " save_file; save_file(mha.state_dict(), \"mha.safetensors\")";
    }

    @Override
    public String shapeHint() {
        return "E (embed_dim) must equal multi-head's dim (default: the queries' width), kdim and vdim the"
                + " keys' and values' widths";
    }

    @Override
    public Imported map(Path file, Map<String, Tensor> tensors, String prefix, Parameters pipeline) {
        String shown = file.toString();
        Map<String, Tensor> dict = own(shown, tensors, prefix);
        Tensor out = require(shown, dict, prefix, OUT_WEIGHT, "out_proj.weight [E, E]");
        if (out.rank() != 2 || out.rows() != out.cols()) {
            throw inTensor(shown, prefix + OUT_WEIGHT, "shape " + shape(out) + " is not [E, E]");
        }
        int e = out.rows();
        Map<String, Tensor> mapped = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        projections(shown, dict, prefix, e, mapped, sources);
        mapped.put("W_o", out);
        sources.put("W_o", prefix + OUT_WEIGHT);

        boolean inBias = dict.containsKey(IN_PROJ_BIAS);
        boolean outBias = dict.containsKey(OUT_BIAS);
        if (inBias != outBias) {
            String missing = inBias ? OUT_BIAS : IN_PROJ_BIAS;
            throw inTensor(shown, prefix + missing, "missing, while " + prefix + (inBias ? IN_PROJ_BIAS : OUT_BIAS)
                    + " is present; nn.MultiheadAttention has both biases (bias=True) or neither");
        }
        if (inBias) {
            Tensor b = vector(shown, prefix + IN_PROJ_BIAS, dict.get(IN_PROJ_BIAS), 3 * e, "[3·E] = [" + 3 * e + "]");
            for (int p = 0; p < 3; p++) {
                mapped.put("b_" + PROJECTED.get(p), block(b.reshape(1, 3 * e), 0, 1, p * e, e));
                sources.put("b_" + PROJECTED.get(p), prefix + IN_PROJ_BIAS);
            }
            mapped.put("b_o", vector(shown, prefix + OUT_BIAS, dict.get(OUT_BIAS), e, "[E] = [" + e + "]"));
            sources.put("b_o", prefix + OUT_BIAS);
        }
        boolean biasKv = biasKv(shown, dict, prefix, e, mapped, sources);
        requireFits(shown, inBias, biasKv, pipeline);
        Map<String, Tensor> parameters = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        for (String local : FILLED) {
            if (mapped.containsKey(local)) {
                parameters.put(qualified(local), mapped.get(local));
                from.put(qualified(local), sources.get(local));
            }
        }
        return new Imported(Parameters.of(parameters), from);
    }

    /**
     * PyTorch's module is the projections alone: the pipeline must have exactly those parameters (bias as
     * the state dict has it), or some of its values would silently stay random.
     */
    private static void requireFits(String file, boolean fileBias, boolean fileBiasKv, Parameters pipeline) {
        Set<String> has = pipeline.names();
        if (fileBiasKv != has.contains(qualified(KeyExtras.BIAS_K))) {
            throw new ConfigException(KEY, file + (fileBiasKv ? " has bias_k, bias_v (add_bias_kv=True in PyTorch)"
                    + " but the pipeline has no variant.bias_k, bias_v" : " has no bias_k, bias_v (add_bias_kv=False"
                    + " in PyTorch) but the pipeline learns variant.bias_k, bias_v"), "set "
                    + MultiHeadVariant.ADD_BIAS_KV + ": " + fileBiasKv + " on the multi-head variant");
        }
        // bias-q/k/v/o switch single biases; PyTorch's module has all four or none.
        for (String b : List.of("b_q", "b_k", "b_v", "b_o")) {
            if (fileBias != has.contains(qualified(b))) {
                throw new ConfigException(KEY, file + (fileBias ? " has biases (in_proj_bias, out_proj.bias) but the"
                        + " pipeline has no " + b : " has no biases (bias=False in PyTorch) but the pipeline learns "
                        + b), "set " + MultiHeadVariant.BIAS + ": " + fileBias
                        + " on the multi-head variant, without bias-q, bias-k, bias-v or bias-o");
            }
        }
        Set<String> filled = new TreeSet<>();
        FILLED.forEach(n -> filled.add(qualified(n)));
        List<String> others = has.stream().filter(n -> !filled.contains(n)).sorted().toList();
        if (!others.isEmpty()) {
            throw new ConfigException(KEY, "nn.MultiheadAttention has no values for the pipeline's "
                    + String.join(", ", others), "use alignment: scaled-dot and distribution: softmax without"
                            + " learned positions, as PyTorch does");
        }
    }

    private static String qualified(String local) {
        return QualifiedParameters.VARIANT + "." + local;
    }

    /** The tensors below {@code prefix}, prefix removed; anything else below it is refused. */
    private static Map<String, Tensor> own(String file, Map<String, Tensor> all, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>();
        all.forEach((name, t) -> {
            if (name.startsWith(prefix)) {
                String local = name.substring(prefix.length());
                if (KNOWN.contains(local)) {
                    out.put(local, t);
                } else {
                    unknown.add(name);
                }
            }
        });
        if (!unknown.isEmpty()) {
            String first = unknown.iterator().next();
            String hint = KNOWN.stream().filter(first::endsWith).findFirst()
                    .map(k -> "; the module seems nested: set prefix: " + first.substring(0, first.length() - k.length()))
                    .orElse("; nn.MultiheadAttention has " + String.join(", ", KNOWN.subList(0, 7)));
            throw inTensor(file, first, "not a tensor of nn.MultiheadAttention"
                    + (unknown.size() > 1 ? " (nor " + (unknown.size() - 1) + " more)" : "") + hint);
        }
        return out;
    }

    /**
     * {@code bias_k}, {@code bias_v [1, 1, E]} as rows {@code [1, E]} when the file has them (true),
     * nothing when it has neither (false); one without the other is refused.
     */
    private static boolean biasKv(String file, Map<String, Tensor> dict, String prefix, int e,
            Map<String, Tensor> mapped, Map<String, String> sources) {
        List<String> present = BIAS_KV.stream().filter(dict::containsKey).toList();
        if (present.isEmpty()) {
            return false;
        }
        if (present.size() == 1) {
            String missing = BIAS_KV.stream().filter(n -> !dict.containsKey(n)).findFirst().orElseThrow();
            throw inTensor(file, prefix + missing, "missing, while " + prefix + present.get(0)
                    + " is present; nn.MultiheadAttention(add_bias_kv=True) has both");
        }
        for (String name : BIAS_KV) {
            Tensor t = dict.get(name);
            if (t.size() != e || t.cols() != e) {
                throw inTensor(file, prefix + name, "shape " + shape(t) + " is not [1, 1, E] = [1, 1, " + e + "]");
            }
            mapped.put(name, t.reshape(1, e));
            sources.put(name, prefix + name);
        }
        return true;
    }

    /** W_q, W_k, W_v from the packed {@code in_proj_weight} or the three separate weights. */
    private static void projections(String file, Map<String, Tensor> dict, String prefix, int e,
            Map<String, Tensor> mapped, Map<String, String> sources) {
        boolean packed = dict.containsKey(IN_PROJ_WEIGHT);
        List<String> separate = SEPARATE.stream().filter(dict::containsKey).toList();
        if (packed && !separate.isEmpty()) {
            throw inTensor(file, prefix + separate.get(0), "present together with " + prefix + IN_PROJ_WEIGHT
                    + "; a state dict has one form or the other");
        }
        if (packed) {
            Tensor w = dict.get(IN_PROJ_WEIGHT);
            if (w.rank() != 2 || w.rows() != 3 * e || w.cols() != e) {
                throw inTensor(file, prefix + IN_PROJ_WEIGHT, "shape " + shape(w) + " is not [3·E, E] = ["
                        + 3 * e + ", " + e + "] for E = " + e + " (from " + prefix + OUT_WEIGHT + ")");
            }
            for (int p = 0; p < 3; p++) {
                mapped.put("W_" + PROJECTED.get(p), block(w, p * e, e, 0, e));
                sources.put("W_" + PROJECTED.get(p), prefix + IN_PROJ_WEIGHT);
            }
            return;
        }
        if (separate.isEmpty()) {
            throw new DataException(file, 0, null, "no tensor '" + prefix + IN_PROJ_WEIGHT + "' nor '" + prefix
                    + "q_proj_weight'; not an nn.MultiheadAttention state dict"
                    + (prefix.isEmpty() ? " (for a module nested in a model, set prefix:)" : " under prefix '"
                            + prefix + "'"));
        }
        for (int p = 0; p < 3; p++) {
            String name = SEPARATE.get(p);
            Tensor w = require(file, dict, prefix, name, "[E, " + PROJECTED.get(p) + "dim]");
            boolean square = p == 0;
            if (w.rank() != 2 || w.rows() != e || (square && w.cols() != e)) {
                throw inTensor(file, prefix + name, "shape " + shape(w) + " is not [E, "
                        + (square ? "E" : PROJECTED.get(p) + "dim") + "] for E = " + e + " (from " + prefix
                        + OUT_WEIGHT + ")");
            }
            mapped.put("W_" + PROJECTED.get(p), w);
            sources.put("W_" + PROJECTED.get(p), prefix + name);
        }
    }

    private static Tensor require(String file, Map<String, Tensor> dict, String prefix, String name, String what) {
        Tensor t = dict.get(name);
        if (t == null) {
            throw new DataException(file, 0, null, "no tensor '" + prefix + name + "' " + what
                    + "; not an nn.MultiheadAttention state dict" + (prefix.isEmpty() ? "" : " under prefix '"
                            + prefix + "'"));
        }
        return t;
    }

    /** A 1-d bias (read as a column [n, 1]) as the row [1, n]; a row or column of n values is accepted. */
    private static Tensor vector(String file, String name, Tensor t, int n, String expected) {
        if (t.rank() != 2 || t.size() != n || (t.rows() != 1 && t.cols() != 1)) {
            throw inTensor(file, name, "shape " + shape(t) + " is not " + expected);
        }
        return t.reshape(1, n);
    }

    /** Rows [r0, r0 + n) and columns [c0, c0 + m) of a matrix. */
    private static Tensor block(Tensor t, int r0, int n, int c0, int m) {
        Tensor.Builder b = Tensor.builder(t.dtype(), n, m);
        int cols = t.cols();
        // Row by row in bulk: these matrices are E × 3E, a call per element costs a cold run.
        double[] row = new double[m];
        for (int i = 0; i < n; i++) {
            t.copyTo((r0 + i) * cols + c0, row, 0, m);
            b.set(i * m, DoubleBuffer.wrap(row));
        }
        return b.build();
    }

    private static DataException inTensor(String file, String tensor, String message) {
        return new DataException(file, 0, null, "tensor '" + tensor + "': " + message);
    }

    private static String shape(Tensor t) {
        List<String> dims = new ArrayList<>();
        for (int d : t.shape()) {
            dims.add(Integer.toString(d));
        }
        return "[" + String.join(", ", dims) + "]";
    }
}
