package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.tck.GradientCheck;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A causal window of W ≥ n positions hides nothing the causal mask does not already hide
 * ({@code i − W < 0 ≤ j}), so it gives bit-identical results to plain causal self-attention.
 */
class CausalWindowPropertyTest {

    @Property(tries = 50)
    void a_window_at_least_the_length_is_plain_causal(@ForAll @IntRange(min = 1, max = 6) int n,
            @ForAll @IntRange(min = 0, max = 4) int extra, @ForAll @IntRange(min = 1, max = 3) int d,
            @ForAll long seed) {
        AttentionInputs in = AttentionInputs.builder()
                .put("sequence", GradientCheck.random(new int[] {2, n, d}, seed, -2, 2)).build();
        var causal = InputFixtures.create(Fixtures.provider("self"), Map.of("causal", true), Map.of("sequence", d));
        var windowed = InputFixtures.create(Fixtures.provider("self"), Map.of("causal", true, "window", n + extra),
                Map.of("sequence", d));
        assertEquals(causal.forward(in).asMap(), windowed.forward(in).asMap());
    }

    @Property(tries = 50)
    void a_window_of_one_leaves_only_the_diagonal(@ForAll @IntRange(min = 3, max = 6) int n,
            @ForAll long seed) {
        // Guards the property above against a window that is silently ignored: W = 1 leaves only
        // the diagonal, so every weight row is one-hot.
        AttentionInputs in = AttentionInputs.builder()
                .put("sequence", GradientCheck.random(new int[] {n, 2}, seed, -2, 2)).build();
        var w1 = InputFixtures.create(Fixtures.provider("self"), Map.of("causal", true, "window", 1), Map.of("sequence", 2));
        var weights = w1.forward(in).weights().orElseThrow();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(i == j ? 1.0 : 0.0, weights.get(i, j), 0);
            }
        }
    }
}
