package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.ReferenceComponents;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks the contract kit cannot make: it probes only {@code output} and
 * {@code weights}, so here every result (co-attention's {@code output_b}, {@code weights_b},
 * {@code affinity}, the alternating first step, multilevel's {@code weights_level1}) gets a probe,
 * and multilevel runs with a learnable alignment and distribution that differ per level.
 */
class HierarchyGradientsTest {

    private static void checkEveryResult(Variant v, AttentionInputs in) {
        AttentionResult r = v.forward(in);
        Map<String, Tensor> probes = new LinkedHashMap<>();
        long seed = 300;
        for (Map.Entry<String, Tensor> e : r.asMap().entrySet()) {
            probes.put(e.getKey(), GradientCheck.probe(e.getValue().shape(), seed++));
        }
        VariantGradients g = v.backward(in, r, probes);
        for (String name : in.names()) {
            GradientCheck.check("input " + name, in.tensor(name),
                    x -> loss(v.forward(in.with(name, x)), probes), g.inputs().get(name));
        }
        Parameters p = v.parameters();
        assertEquals(p.names(), g.parameters().names(), "a gradient for every parameter");
        for (String name : p.names()) {
            GradientCheck.check(name, p.get(name), x -> loss(v.withParameters(Parameters.of(name, x)).forward(in), probes),
                    g.parameters().get(name));
        }
    }

    private static double loss(AttentionResult r, Map<String, Tensor> probes) {
        double l = 0;
        for (Map.Entry<String, Tensor> e : probes.entrySet()) {
            l += GradientCheck.dot(e.getValue(), r.get(e.getKey()));
        }
        return l;
    }

    @Test
    void parallel_co_attention_every_result_and_a_learnable_alignment() {
        AttentionInputs in = HierarchyFixtures.coAttention();
        Variant v = InputFixtures.create(Fixtures.provider("co-attention"), Map.of("hidden", 3),
                Map.of("a", 2, "b", 3), TestComponents.scaledDot(0.8), TestComponents.temperedSoftmax(1.3));
        checkEveryResult(v, in);
    }

    @Test
    void alternating_co_attention_every_result_and_shared_learnable_components() {
        AttentionInputs in = HierarchyFixtures.coAttention();
        Variant v = InputFixtures.create(Fixtures.provider("co-attention"), Map.of("hidden", 2, "mode", "alternating"),
                Map.of("a", 2, "b", 3), TestComponents.scaledDot(0.8), TestComponents.temperedSoftmax(1.3));
        checkEveryResult(v, in);
    }

    @Test
    void multi_representational_with_learnable_components() {
        Variant v = InputFixtures.create(Fixtures.provider("multi-representational"),
                Map.of("representations", "glove,elmo", "dim", 3), Map.of("glove", 2, "elmo", 4),
                TestComponents.scaledDot(0.8), TestComponents.temperedSoftmax(1.3));
        checkEveryResult(v, HierarchyFixtures.representations());
    }

    @Test
    void multilevel_with_a_different_learnable_alignment_and_distribution_per_level() {
        Variant v = HierarchyFixtures.multilevel(List.of(
                HierarchyFixtures.level(Map.of("hidden", 3), TestComponents.scaledDot(0.7), ReferenceComponents.softmax()),
                HierarchyFixtures.level(Map.of(), ReferenceComponents.dot(), TestComponents.temperedSoftmax(1.4))));
        assertEquals(List.of("variant.level1.u", "variant.level1.W", "variant.level1.b", "variant.level2.u",
                "alignment.level1.c", "distribution.level2.t"), List.copyOf(v.parameters().names()));
        checkEveryResult(v, HierarchyFixtures.documents());
    }

    @Test
    void three_levels_pool_paragraphs_of_documents() {
        // [2 documents, 2 paragraphs, 2 sentences, 3 tokens, d = 2], lengths at every level.
        Tensor x = HierarchyFixtures.zeroPadding(GradientCheck.random(new int[] {8, 3, 2}, 61, -1, 1),
                new int[] {3, 1, 2, 3, 2, 0, 3, 3}).reshape(2, 2, 2, 3, 2);
        AttentionInputs in = AttentionInputs.builder().putNested("sequence", x, List.of(
                new int[] {3, 1, 2, 3, 2, 0, 3, 3}, new int[] {2, 2, 1, 2}, new int[] {2, 2})).build();
        Variant v = HierarchyFixtures.multilevel(List.of(
                HierarchyFixtures.level(Map.of(), ReferenceComponents.dot(), ReferenceComponents.softmax()),
                HierarchyFixtures.level(Map.of("hidden", 2), ReferenceComponents.dot(), ReferenceComponents.softmax()),
                HierarchyFixtures.level(Map.of(), ReferenceComponents.dot(), ReferenceComponents.softmax())));
        AttentionResult r = v.forward(in);
        assertEquals(List.of(2, 1, 2), shape(r.output()));
        assertEquals(List.of(2, 2, 2, 1, 3), shape(r.get("weights_level1")));
        assertEquals(List.of(2, 2, 1, 2), shape(r.get("weights_level2")));
        assertEquals(List.of(2, 1, 2), shape(r.get("weights")));
        checkEveryResult(v, in);
    }

    private static List<Integer> shape(Tensor t) {
        return java.util.Arrays.stream(t.shape()).boxed().toList();
    }
}
