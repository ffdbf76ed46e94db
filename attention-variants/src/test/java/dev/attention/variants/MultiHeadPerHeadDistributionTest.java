package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.GradientCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A distribution with parameters gets one instance per head from {@link PluginContext#distribution(int)}
 * (named {@code distribution.head<h>.*}): a head's weights follow its own value, the other heads'
 * stay, checked against multi-head whose every head has that value.
 */
class MultiHeadPerHeadDistributionTest {
    private static final VariantProvider PROVIDER = Fixtures.provider("multi-head");

    private static Variant create(PluginContext.Builder b) {
        return PROVIDER.create(b.parameters(Map.of("heads", 2, "bias", false)).width("sequence", 4)
                .alignment(TestComponents.scaledDot(0.5)).build());
    }

    private static PluginContext.Builder builder() {
        return PluginContext.builder("multi-head", PROVIDER.parameters()).seed(3);
    }

    private static Tensor head(Tensor weights, int h) {
        return HeadSplit.unstack(weights, h);
    }

    @Test
    void each_head_asks_the_factory_for_its_own_distribution_and_learns_its_own_value() {
        List<Integer> asked = new ArrayList<>();
        Variant v = create(builder().distributions(i -> {
            asked.add(i);
            return TestComponents.temperedSoftmax(2);
        }));
        assertEquals(List.of(0, 1), asked, "one per head, index = head");
        assertEquals(List.of("distribution.head0.t", "distribution.head1.t"), v.parameters().names().stream()
                .filter(n -> n.startsWith("distribution.")).toList());

        AttentionInputs in = AttentionInputs.builder()
                .put("sequence", GradientCheck.random(new int[] {1, 3, 4}, 11, -1, 1)).build();
        Variant changed = v.withParameters(Parameters.of("distribution.head1.t",
                Tensor.of(DType.FLOAT64, new int[] {1, 1}, 5.0)));
        Tensor w = changed.forward(in).get("weights");
        Tensor allTwo = v.forward(in).get("weights");
        Tensor allFive = create(builder().distribution(TestComponents.temperedSoftmax(5))).forward(in).get("weights");
        assertEquals(head(allTwo, 0), head(w, 0), "head 0 keeps t = 2");
        assertEquals(head(allFive, 1), head(w, 1), "head 1 has t = 5");
        assertNotEquals(head(allTwo, 1), head(w, 1));
    }

    @Test
    void a_parameter_free_distribution_is_one_instance_shared_by_the_heads() {
        List<Integer> asked = new ArrayList<>();
        Distribution plain = dev.attention.tck.ReferenceComponents.softmax();
        Variant v = create(builder().distribution(plain).distributions(i -> {
            asked.add(i);
            return plain;
        }));
        assertEquals(List.of(), asked, "the fixed distribution serves every head");
        assertEquals(List.of(), v.parameters().names().stream().filter(n -> n.startsWith("distribution.")).toList());
    }
}
