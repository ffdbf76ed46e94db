package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.ReferenceComponents;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Co-attention, multi-representational and multilevel attention against values computed
 * independently with numpy by {@code tools/reference_hierarchy.py} (dot alignment, masked softmax),
 * with the generator's parameters loaded through {@code withParameters}.
 */
class HierarchyReferenceTest {
    private static final Map<String, Tensor> REF = ReferenceFile.read("reference-hierarchy.txt");
    private static final double TOL = 1e-12;

    private static Tensor ref(String name) {
        return REF.get(name);
    }

    private static int[] lengths(String name) {
        double[] v = ref(name).toDoubleArray();
        int[] out = new int[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = (int) v[k];
        }
        return out;
    }

    /** The case's {@code variant.*} tensors, as qualified parameters. */
    private static Parameters parameters(String caseName) {
        Map<String, Tensor> p = new LinkedHashMap<>();
        String prefix = caseName + ".";
        REF.forEach((n, t) -> {
            if (n.startsWith(prefix + "variant.")) {
                p.put(n.substring(prefix.length()), t);
            }
        });
        return Parameters.of(p);
    }

    private static void assertExpected(String caseName, AttentionResult r, List<String> names) {
        for (String name : names) {
            Tensor expected = ref(caseName + ".expected." + name);
            Tensor actual = r.get(name);
            assertArrayEquals(expected.shape(), actual.shape(), caseName + " " + name + " shape");
            assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), TOL, caseName + " " + name);
        }
    }

    private static Variant created(VariantProvider p, Map<String, ?> config, AttentionInputs in, String caseName) {
        Variant v = HierarchyFixtures.create(p, config, in).withParameters(parameters(caseName));
        assertEquals(v.parameters().names(), HierarchyFixtures.create(p, config, in).parameters().names());
        return v;
    }

    private static AttentionInputs coInputs(String caseName) {
        return AttentionInputs.builder().put("a", ref(caseName + ".a"), lengths(caseName + ".lengths_a"))
                .put("b", ref(caseName + ".b"), lengths(caseName + ".lengths_b")).build();
    }

    @Test
    void parallel_co_attention_matches_numpy_with_padding_on_both_sides() {
        AttentionInputs in = coInputs("parallel");
        Variant v = created(Fixtures.provider("co-attention"), Map.of("hidden", 3), in, "parallel");
        assertExpected("parallel", v.forward(in), List.of("output", "weights", "output_b", "weights_b", "affinity"));
    }

    @Test
    void alternating_co_attention_matches_numpy() {
        AttentionInputs in = coInputs("alternating");
        Variant v = created(Fixtures.provider("co-attention"), Map.of("hidden", 3, "mode", "alternating"), in, "alternating");
        assertExpected("alternating", v.forward(in),
                List.of("output", "weights", "output_b", "weights_b", "summary_b0", "weights_b0"));
    }

    @Test
    void multi_representational_matches_numpy() {
        AttentionInputs in = AttentionInputs.builder().put("glove", ref("multirep.glove"), lengths("multirep.lengths"))
                .put("elmo", ref("multirep.elmo"), lengths("multirep.lengths")).build();
        Variant v = created(Fixtures.provider("multi-representational"), Map.of("representations", "glove,elmo", "dim", 3), in,
                "multirep");
        assertExpected("multirep", v.forward(in), List.of("output", "weights"));
    }

    @Test
    void multilevel_matches_numpy_for_documents_with_sentences_of_different_lengths() {
        AttentionInputs in = AttentionInputs.builder().putNested("sequence", ref("multilevel.sequence"),
                List.of(lengths("multilevel.tokens"), lengths("multilevel.sentences"))).build();
        // Level 1 keys through tanh(W h + b) (hidden 2), level 2 the sentence summaries themselves.
        Variant v = HierarchyFixtures.multilevel(List.of(
                HierarchyFixtures.level(Map.of("hidden", 2), ReferenceComponents.dot(), ReferenceComponents.softmax()),
                HierarchyFixtures.level(Map.of(), ReferenceComponents.dot(), ReferenceComponents.softmax())))
                .withParameters(parameters("multilevel"));
        AttentionResult r = v.forward(in);
        assertExpected("multilevel", r, List.of("output", "weights", "weights_level1"));
        // Document 1's third sentence is padding: no weight at either level.
        assertEquals(0.0, r.get("weights").get(1, 0, 2));
        assertArrayEquals(new double[4], new double[] {r.get("weights_level1").at(20), r.get("weights_level1").at(21),
                r.get("weights_level1").at(22), r.get("weights_level1").at(23)});
    }
}
