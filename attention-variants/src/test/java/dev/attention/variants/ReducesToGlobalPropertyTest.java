package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Each by-position variant, at the setting where it stops restricting positions, is global
 * attention: local-m with a window covering every key, hard top-k with k = m, area with
 * max-width 1. Inputs are generated in [-2, 2], composed with the reference dot and softmax.
 * (Named *Test so that surefire's default includes run it.)
 */
class ReducesToGlobalPropertyTest {
    private static final int D = 2;
    private static final double TOL = 1e-12;

    @Property(tries = 50)
    void local_m_with_a_window_covering_all_keys_is_global(@ForAll @IntRange(min = 1, max = 4) int n,
            @ForAll @IntRange(min = 1, max = 5) int m,
            @ForAll @Size(28) List<@DoubleRange(min = -2, max = 2) Double> xs) {
        AttentionInputs in = inputs(n, m, xs);
        // |j − i| ≤ max(n, m) for every query i < n and key j < m.
        Variant local = PositionFixtures.create(Fixtures.provider("local-m"), Map.of("window", Math.max(n, m)), 0, in);
        assertSame(PositionFixtures.global().forward(in), local.forward(in));
    }

    @Property(tries = 50)
    void hard_top_k_with_k_equal_to_the_key_count_is_global(@ForAll @IntRange(min = 1, max = 4) int n,
            @ForAll @IntRange(min = 1, max = 5) int m,
            @ForAll @Size(28) List<@DoubleRange(min = -2, max = 2) Double> xs) {
        AttentionInputs in = inputs(n, m, xs);
        Variant hard = PositionFixtures.create(Fixtures.provider("hard"), Map.of("k", m), 0, in);
        assertSame(PositionFixtures.global().forward(in), hard.forward(in));
    }

    @Property(tries = 50)
    void area_with_max_width_one_is_global(@ForAll @IntRange(min = 1, max = 4) int n,
            @ForAll @IntRange(min = 1, max = 5) int m,
            @ForAll @Size(28) List<@DoubleRange(min = -2, max = 2) Double> xs) {
        AttentionInputs in = inputs(n, m, xs);
        // Width-1 areas are the keys themselves, in key order; area_start/area_width are ignored.
        Variant area = PositionFixtures.create(Fixtures.provider("area"), Map.of("max-width", 1), 0, in);
        assertSame(PositionFixtures.global().forward(in), area.forward(in));
    }

    /** queries [n, 2], keys [m, 2], values [m, 2] taken in turn from {@code xs}. */
    private static AttentionInputs inputs(int n, int m, List<Double> xs) {
        return AttentionInputs.builder()
                .put("queries", take(xs, 0, n))
                .put("keys", take(xs, n * D, m))
                .put("values", take(xs, (n + m) * D, m))
                .build();
    }

    private static Tensor take(List<Double> xs, int from, int rows) {
        double[] v = new double[rows * D];
        for (int x = 0; x < v.length; x++) {
            v[x] = xs.get(from + x);
        }
        return Tensor.of(DType.FLOAT64, new int[] {rows, D}, v);
    }

    private static void assertSame(AttentionResult expected, AttentionResult actual) {
        for (String name : List.of(AttentionResult.OUTPUT, AttentionResult.WEIGHTS)) {
            Tensor e = expected.get(name);
            Tensor a = actual.get(name);
            assertArrayEquals(e.shape(), a.shape(), name + " shape");
            for (int x = 0; x < e.size(); x++) {
                assertEquals(e.at(x), a.at(x), TOL, name + "[" + x + "]");
            }
        }
    }
}
