package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Variant;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.ReferenceComponents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** multidimensional's parameter shapes, weight shapes and that it never creates an alignment. */
class MultidimensionalProviderTest {

    @Test
    void never_asks_for_an_alignment() {
        VariantProvider p = Fixtures.provider("multidimensional");
        Variant v = p.create(PluginContext.builder(p.id(), p.parameters()).width("sequence", 3)
                .alignments(w -> {
                    throw new AssertionError("multidimensional computes its own scores");
                }).distribution(ReferenceComponents.softmax()).build());
        assertEquals(List.of("variant.W_1", "variant.W_2", "variant.b_1", "variant.W", "variant.b"),
                new ArrayList<>(v.parameters().names()));
    }

    @Test
    void parameter_shapes_follow_the_widths_and_hidden() {
        Variant v = InputFixtures.create(Fixtures.provider("multidimensional"), Map.of("inputs", "cross", "hidden", 5),
                Map.of("queries", 2, "keys", 3, "values", 4));
        assertArrayEquals(new int[] {5, 2}, v.parameters().get("variant.W_1").shape());
        assertArrayEquals(new int[] {5, 3}, v.parameters().get("variant.W_2").shape());
        assertArrayEquals(new int[] {1, 5}, v.parameters().get("variant.b_1").shape());
        assertArrayEquals(new int[] {4, 5}, v.parameters().get("variant.W").shape());
        assertArrayEquals(new int[] {1, 4}, v.parameters().get("variant.b").shape());
        // hidden 0 is d_v
        Variant d = InputFixtures.create(Fixtures.provider("multidimensional"), Map.of(), Map.of("sequence", 3));
        assertArrayEquals(new int[] {3, 3}, d.parameters().get("variant.W").shape());
    }

    @Test
    void weights_gain_a_feature_dimension_and_each_feature_row_sums_to_one() {
        Variant v = InputFixtures.create(Fixtures.provider("multidimensional"), Map.of(), Map.of("sequence", 3));
        AttentionResult r = v.forward(AttentionInputs.builder()
                .put("sequence", GradientCheck.random(new int[] {4, 3}, 8, -1, 1)).build());
        assertArrayEquals(new int[] {4, 3}, r.output().shape());
        var w = r.weights().orElseThrow();
        assertArrayEquals(new int[] {4, 4, 3}, w.shape());
        for (int i = 0; i < 4; i++) {
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                for (int j = 0; j < 4; j++) {
                    sum += w.at((i * 4 + j) * 3 + c);
                }
                assertEquals(1.0, sum, 1e-12);
            }
        }
    }
}
