package dev.attention.cli;

import dev.attention.api.AttentionInputs;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.InputSpec;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.ParameterType;
import dev.attention.api.spi.PluginKind;
import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import dev.attention.core.PipelineBuilder;
import dev.attention.assembly.plugin.PluginInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every variant × alignment × distribution the installed plugins offer, built once in float64 and
 * float32 for inputs of width {@link #WIDTH}. Ids come from the engine, so a new plugin is covered
 * without editing the tests; combinations that refuse to build (ConfigException) are counted.
 */
final class Combinations {
    static final int WIDTH = 2;
    /** Given to required integer parameters (location's max-positions): more than any test's key count. */
    static final int REQUIRED_INT = 16;

    /** One buildable combination. */
    record Combo(String variant, String alignment, String distribution, Pipeline f64, Pipeline f32) {
        boolean takesSequence() {
            return takes("sequence");
        }

        /** Graph attention's {@code nodes} and {@code edges}. */
        boolean takesGraph() {
            return takes("nodes");
        }

        /** The memory network's {@code memory} and {@code query}. */
        boolean takesMemory() {
            return takes("memory");
        }

        /** Co-attention's two sequences {@code a} and {@code b} instead of queries, keys and values. */
        boolean takesPair() {
            return takes("a") && takes("b");
        }

        private boolean takes(String input) {
            return f64.inputs().stream().map(InputSpec::name).anyMatch(input::equals);
        }

        @Override
        public String toString() {
            return variant + " / " + alignment + " / " + distribution;
        }
    }

    static final List<Combo> BUILT = new ArrayList<>();
    static final List<String> REFUSED = new ArrayList<>();
    static final int TOTAL;

    static {
        AttentionEngine engine = Attention.engine();
        Map<PluginKind, List<PluginInfo>> byKind = new HashMap<>();
        for (PluginInfo p : engine.plugins()) {
            byKind.computeIfAbsent(p.kind(), k -> new ArrayList<>()).add(p);
        }
        int total = 0;
        for (PluginInfo v : byKind.getOrDefault(PluginKind.VARIANT, List.of())) {
            for (PluginInfo a : byKind.getOrDefault(PluginKind.ALIGNMENT, List.of())) {
                for (PluginInfo d : byKind.getOrDefault(PluginKind.DISTRIBUTION, List.of())) {
                    total++;
                    try {
                        BUILT.add(new Combo(v.id(), a.id(), d.id(), build(engine, v, a, d, DType.FLOAT64),
                                build(engine, v, a, d, DType.FLOAT32)));
                    } catch (ConfigException e) {
                        REFUSED.add(v.id() + " / " + a.id() + " / " + d.id() + ": " + e.getMessage());
                    }
                }
            }
        }
        TOTAL = total;
    }

    private Combinations() {
    }

    private static Pipeline build(AttentionEngine engine, PluginInfo v, PluginInfo a, PluginInfo d, DType dtype) {
        PipelineBuilder b = engine.pipeline().dtype(dtype).seed(3)
                .variant(v.id(), required(v)).alignment(a.id(), required(a)).distribution(d.id(), required(d));
        for (String input : List.of("queries", "keys", "values", "sequence", "a", "b", "nodes", "memory", "query")) {
            b.width(input, WIDTH);
        }
        return b.build();
    }

    /** Values for required parameters that have no default: only integers are guessed. */
    private static Map<String, Object> required(PluginInfo p) {
        Map<String, Object> m = new HashMap<>();
        for (ParameterSpec s : p.parameters()) {
            if (s.required() && s.type() == ParameterType.INTEGER) {
                m.put(s.name(), REQUIRED_INT);
            }
        }
        return m;
    }

    /**
     * Inputs for a combination: queries [2, n, W], keys and values [2, m, W] (or one sequence
     * [2, n, W]; or co-attention's a [2, n, W] and b [2, m, W]; or graph's nodes [m, W] on a path; or
     * the memory network's memory [2, m, W] and query [2, n, W]); batch element 1 has {@code secondLength}
     * real keys, 0 making its rows fully masked (for co-attention, both a and b are then all padding;
     * for the memory network, the questions too).
     */
    static AttentionInputs inputs(Combo c, double[] q, double[] k, double[] v, int n, int m, int secondLength) {
        if (c.takesPair()) {
            return AttentionInputs.builder()
                    .put("a", Tensor.of(DType.FLOAT64, new int[] {2, n, WIDTH}, q), n, secondLength == 0 ? 0 : n)
                    .put("b", Tensor.of(DType.FLOAT64, new int[] {2, m, WIDTH}, k), m, secondLength).build();
        }
        if (c.takesGraph()) {
            // m nodes (the keys' first batch element) on a path 0 – 1 – … – m−1; nothing is padded.
            double[] edges = new double[2 * (m - 1)];
            for (int t = 0; t < m - 1; t++) {
                edges[2 * t] = t;
                edges[2 * t + 1] = t + 1;
            }
            return AttentionInputs.builder()
                    .put("nodes", Tensor.of(DType.FLOAT64, new int[] {m, WIDTH}, java.util.Arrays.copyOf(k, m * WIDTH)))
                    .put("edges", Tensor.of(DType.FLOAT64, new int[] {m - 1, 2}, edges)).build();
        }
        if (c.takesMemory()) {
            // Sentences as the keys, questions as the queries; an empty memory comes with padded questions.
            return AttentionInputs.builder()
                    .put("memory", Tensor.of(DType.FLOAT64, new int[] {2, m, WIDTH}, k), m, secondLength)
                    .put("query", Tensor.of(DType.FLOAT64, new int[] {2, n, WIDTH}, q), n, secondLength == 0 ? 0 : n)
                    .build();
        }
        if (c.takesSequence()) {
            return AttentionInputs.builder()
                    .put("sequence", Tensor.of(DType.FLOAT64, new int[] {2, m, WIDTH}, k), m, secondLength).build();
        }
        return AttentionInputs.builder()
                .put("queries", Tensor.of(DType.FLOAT64, new int[] {2, n, WIDTH}, q))
                .put("keys", Tensor.of(DType.FLOAT64, new int[] {2, m, WIDTH}, k), m, secondLength)
                .put("values", Tensor.of(DType.FLOAT64, new int[] {2, m, WIDTH}, v), m, secondLength).build();
    }
}
