package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.ReferenceComponents;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Without causal mask and projections, cross-attention is global attention under another name:
 * same inputs, same components ⇒ the same output and weights, also with padded keys.
 */
class CrossGlobalPropertyTest {

    @Property(tries = 50)
    void cross_without_masks_equals_global(@ForAll @IntRange(min = 1, max = 5) int n,
            @ForAll @IntRange(min = 1, max = 5) int m, @ForAll @IntRange(min = 1, max = 3) int d,
            @ForAll @IntRange(min = 1, max = 3) int dv, @ForAll @IntRange(min = 0, max = 5) int keyLength,
            @ForAll long seed) {
        int length = Math.min(keyLength, m);
        AttentionInputs in = AttentionInputs.builder()
                .put("queries", GradientCheck.random(new int[] {2, n, d}, seed, -2, 2))
                .put("keys", GradientCheck.random(new int[] {2, m, d}, seed + 1, -2, 2), m, length)
                .put("values", GradientCheck.random(new int[] {2, m, dv}, seed + 2, -2, 2), m, length)
                .build();
        var cross = InputFixtures.create(Fixtures.provider("cross"), Map.of(), Map.of());
        var global = Fixtures.global(ReferenceComponents.dot(), ReferenceComponents.softmax());
        assertEquals(global.forward(in).asMap(), cross.forward(in).asMap());
    }
}
