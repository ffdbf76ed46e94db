package dev.attention.core.tensorio;

import dev.attention.api.DataException;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a PyTorch {@code nn.MultiheadAttention} state dict saved as safetensors
 * ({@code save_file(mha.state_dict(), "mha.safetensors")}) as the parameters of the
 * {@code multi-head} variant:
 * <pre>
 *   in_proj_weight [3E, E]   → variant.W_q, W_k, W_v [E, E]   (rows 0..E, E..2E, 2E..3E)
 *   q_proj_weight [E, E], k_proj_weight [E, kdim], v_proj_weight [E, vdim]
 *                            → variant.W_q, W_k, W_v          (the form used when kdim/vdim ≠ E)
 *   in_proj_bias [3E]        → variant.b_q, b_k, b_v [1, E]
 *   out_proj.weight [E, E]   → variant.W_o
 *   out_proj.bias [E]        → variant.b_o [1, E]
 * </pre>
 * Both layouts are {@code [out, in]} like ours, so no transpose is needed; 1-d biases become rows
 * {@code [1, E]}. Tensors keep their stored dtype. The reading is strict: a tensor that is not part of
 * {@code nn.MultiheadAttention} (below the prefix), {@code bias_k}/{@code bias_v}
 * ({@code add_bias_kv=True}, which multi-head does not have), a missing or inconsistent tensor, or a
 * non-finite value is a one-line {@link DataException} naming the file and the tensor.
 */
public final class TorchMultiheadAttention {
    static final String IN_PROJ_WEIGHT = "in_proj_weight";
    static final String IN_PROJ_BIAS = "in_proj_bias";
    static final String OUT_WEIGHT = "out_proj.weight";
    static final String OUT_BIAS = "out_proj.bias";
    private static final List<String> SEPARATE = List.of("q_proj_weight", "k_proj_weight", "v_proj_weight");
    private static final List<String> KNOWN = List.of(IN_PROJ_WEIGHT, IN_PROJ_BIAS, OUT_WEIGHT, OUT_BIAS,
            "q_proj_weight", "k_proj_weight", "v_proj_weight", "bias_k", "bias_v");
    private static final List<String> PROJECTED = List.of("q", "k", "v");

    /**
     * The mapped parameters and, for messages, the state-dict tensor each came from.
     *
     * @param parameters {@code variant.W_q} … {@code variant.b_o}, in that order
     * @param sources    qualified name → tensor name in the file (with its prefix)
     */
    public record Mapping(Parameters parameters, Map<String, String> sources) {
        public Mapping {
            sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        }
    }

    private TorchMultiheadAttention() {
    }

    /**
     * Maps the tensors of {@code file} whose names start with {@code prefix} (empty for a state dict
     * of the module itself, {@code "self_attn."} for one nested in a transformer layer).
     *
     * @throws DataException naming the file and tensor for a corrupt file or a state dict that is not
     *                       an {@code nn.MultiheadAttention}'s
     */
    public static Mapping read(Path file, String prefix) {
        String shown = file.toString();
        Map<String, Tensor> dict = own(shown, Safetensors.read(file).tensors(), prefix);
        for (String unsupported : List.of("bias_k", "bias_v")) {
            if (dict.containsKey(unsupported)) {
                throw Problems.inTensor(shown, prefix + unsupported, "add_bias_kv=True is not supported: multi-head"
                        + " has no learned key/value bias rows; export a module made without add_bias_kv");
            }
        }
        dict.forEach((name, t) -> FiniteValues.check(shown, prefix + name, t));

        Tensor out = require(shown, dict, prefix, OUT_WEIGHT, "out_proj.weight [E, E]");
        if (out.rank() != 2 || out.rows() != out.cols()) {
            throw Problems.inTensor(shown, prefix + OUT_WEIGHT, "shape " + shape(out) + " is not [E, E]");
        }
        int e = out.rows();
        Map<String, Tensor> mapped = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        projections(shown, dict, prefix, e, mapped, sources);
        put(mapped, sources, "W_o", out, prefix + OUT_WEIGHT);

        boolean inBias = dict.containsKey(IN_PROJ_BIAS);
        boolean outBias = dict.containsKey(OUT_BIAS);
        if (inBias != outBias) {
            String missing = inBias ? OUT_BIAS : IN_PROJ_BIAS;
            throw Problems.inTensor(shown, prefix + missing, "missing, while " + prefix + (inBias ? IN_PROJ_BIAS
                    : OUT_BIAS) + " is present; nn.MultiheadAttention has both biases (bias=True) or neither");
        }
        if (inBias) {
            Tensor b = vector(shown, prefix + IN_PROJ_BIAS, dict.get(IN_PROJ_BIAS), 3 * e, "[3·E] = [" + 3 * e + "]");
            for (int p = 0; p < 3; p++) {
                put(mapped, sources, "b_" + PROJECTED.get(p), rows(b.reshape(1, 3 * e), 0, 1, p * e, e),
                        prefix + IN_PROJ_BIAS);
            }
            put(mapped, sources, "b_o", vector(shown, prefix + OUT_BIAS, dict.get(OUT_BIAS), e, "[E] = [" + e + "]"),
                    prefix + OUT_BIAS);
        }
        return new Mapping(Parameters.of(ordered(mapped)), sources);
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
            throw Problems.inTensor(file, first, "not a tensor of nn.MultiheadAttention"
                    + (unknown.size() > 1 ? " (nor " + (unknown.size() - 1) + " more)" : "") + hint);
        }
        return out;
    }

    /** W_q, W_k, W_v from the packed {@code in_proj_weight} or the three separate weights. */
    private static void projections(String file, Map<String, Tensor> dict, String prefix, int e,
            Map<String, Tensor> mapped, Map<String, String> sources) {
        boolean packed = dict.containsKey(IN_PROJ_WEIGHT);
        List<String> separate = SEPARATE.stream().filter(dict::containsKey).toList();
        if (packed && !separate.isEmpty()) {
            throw Problems.inTensor(file, prefix + separate.get(0), "present together with " + prefix
                    + IN_PROJ_WEIGHT + "; a state dict has one form or the other");
        }
        if (packed) {
            Tensor w = dict.get(IN_PROJ_WEIGHT);
            if (w.rank() != 2 || w.rows() != 3 * e || w.cols() != e) {
                throw Problems.inTensor(file, prefix + IN_PROJ_WEIGHT, "shape " + shape(w) + " is not [3·E, E] = ["
                        + 3 * e + ", " + e + "] for E = " + e + " (from " + prefix + OUT_WEIGHT + ")");
            }
            for (int p = 0; p < 3; p++) {
                put(mapped, sources, "W_" + PROJECTED.get(p), rows(w, p * e, e, 0, e), prefix + IN_PROJ_WEIGHT);
            }
            return;
        }
        if (separate.isEmpty()) {
            throw Problems.inFile(file, "no tensor '" + prefix + IN_PROJ_WEIGHT + "' nor '" + prefix
                    + "q_proj_weight'; not an nn.MultiheadAttention state dict"
                    + (prefix.isEmpty() ? " (for a module nested in a model, set prefix:)" : " under prefix '"
                            + prefix + "'"));
        }
        for (int p = 0; p < 3; p++) {
            String name = SEPARATE.get(p);
            Tensor w = require(file, dict, prefix, name, "[E, " + PROJECTED.get(p) + "dim]");
            boolean square = p == 0;
            if (w.rank() != 2 || w.rows() != e || (square && w.cols() != e)) {
                throw Problems.inTensor(file, prefix + name, "shape " + shape(w) + " is not [E, "
                        + (square ? "E" : PROJECTED.get(p) + "dim") + "] for E = " + e + " (from " + prefix
                        + OUT_WEIGHT + ")");
            }
            put(mapped, sources, "W_" + PROJECTED.get(p), w, prefix + name);
        }
    }

    private static Tensor require(String file, Map<String, Tensor> dict, String prefix, String name, String what) {
        Tensor t = dict.get(name);
        if (t == null) {
            throw Problems.inFile(file, "no tensor '" + prefix + name + "' " + what
                    + "; not an nn.MultiheadAttention state dict" + (prefix.isEmpty() ? "" : " under prefix '"
                            + prefix + "'"));
        }
        return t;
    }

    /** A 1-d bias (read as a column [n, 1]) as the row [1, n]; a row or column of n values is accepted. */
    private static Tensor vector(String file, String name, Tensor t, int n, String expected) {
        if (t.rank() != 2 || t.size() != n || (t.rows() != 1 && t.cols() != 1)) {
            throw Problems.inTensor(file, name, "shape " + shape(t) + " is not " + expected);
        }
        return t.reshape(1, n);
    }

    /** Rows [r0, r0 + n) and columns [c0, c0 + m) of a matrix. */
    private static Tensor rows(Tensor t, int r0, int n, int c0, int m) {
        Tensor.Builder b = Tensor.builder(t.dtype(), n, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                b.set(0, i, j, t.get(r0 + i, c0 + j));
            }
        }
        return b.build();
    }

    private static void put(Map<String, Tensor> mapped, Map<String, String> sources, String local, Tensor t,
            String source) {
        mapped.put("variant." + local, t);
        sources.put("variant." + local, source);
    }

    /** The variant's own order: weights, then biases. */
    private static Map<String, Tensor> ordered(Map<String, Tensor> mapped) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String kind : List.of("W_", "b_")) {
            for (String p : List.of("q", "k", "v", "o")) {
                Tensor t = mapped.get("variant." + kind + p);
                if (t != null) {
                    out.put("variant." + kind + p, t);
                }
            }
        }
        return out;
    }

    private static String shape(Tensor t) {
        List<String> dims = new ArrayList<>();
        for (int d : t.shape()) {
            dims.add(Integer.toString(d));
        }
        return "[" + String.join(", ", dims) + "]";
    }
}
