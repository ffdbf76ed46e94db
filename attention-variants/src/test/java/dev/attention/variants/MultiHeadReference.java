package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.VariantProvider;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cases of {@code reference-multihead.txt}, written by {@code tools/reference_multihead.py}
 * (numpy; run it from the repository root): per case its {@code input.*} tensors, its
 * {@code param.*} values and its {@code expected.*} results. The settings of each case are the
 * tests' (they match the script's comments); components are the reference dot and softmax.
 */
final class MultiHeadReference {
    private static final Map<String, Tensor> ALL = ReferenceFile.read("reference-multihead.txt");

    private MultiHeadReference() {
    }

    /** The tensors of one case, without the case prefix ({@code input.sequence}, {@code expected.output}). */
    static Map<String, Tensor> of(String name) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        ALL.forEach((k, t) -> {
            if (k.startsWith(name + ".")) {
                out.put(k.substring(name.length() + 1), t);
            }
        });
        if (out.isEmpty()) {
            throw new IllegalStateException("no case '" + name + "' in reference-multihead.txt");
        }
        return out;
    }

    /**
     * Runs the case through the provider with {@code config}, its inputs (padded by
     * {@code lengths}, by input name) and parameters, as the engine would.
     */
    static AttentionResult run(VariantProvider provider, Map<String, ?> config, Map<String, Tensor> c,
            Map<String, int[]> lengths) {
        AttentionInputs.Builder in = AttentionInputs.builder();
        Map<String, Integer> widths = new LinkedHashMap<>();
        Map<String, Tensor> params = new LinkedHashMap<>();
        c.forEach((k, t) -> {
            if (k.startsWith("input.")) {
                String name = k.substring("input.".length());
                if (lengths.containsKey(name)) {
                    in.put(name, t, lengths.get(name));
                } else {
                    in.put(name, t);
                }
                widths.put(name, t.cols());
            } else if (k.startsWith("param.")) {
                params.put(k.substring("param.".length()), t);
            }
        });
        Variant v = InputFixtures.create(provider, config, widths).withParameters(Parameters.of(params));
        return v.forward(in.build());
    }

    /** Same shape and values within 1e-12 as {@code expected.<name>}. */
    static void assertMatches(Map<String, Tensor> c, AttentionResult r, String name) {
        Tensor expected = c.get("expected." + name);
        Tensor actual = r.get(name);
        assertArrayEquals(expected.shape(), actual.shape(), name + " shape");
        assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), 1e-12, name);
    }
}
