package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.tck.GradientCheck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Self-attention has no notion of position unless a mask gives it one: permuting the rows of the
 * sequence permutes the output rows (and the weights' rows and columns) the same way. Projections
 * act row by row, so they keep the property.
 */
class SelfPermutationPropertyTest {

    @Property(tries = 50)
    void permuting_the_sequence_permutes_the_output(@ForAll @IntRange(min = 1, max = 6) int n,
            @ForAll @IntRange(min = 1, max = 3) int d, @ForAll boolean project, @ForAll long seed) {
        Variant v = InputFixtures.create(Fixtures.provider("self"), Map.of("project", project), Map.of("sequence", d));
        Tensor x = GradientCheck.random(new int[] {n, d}, seed, -1, 1);
        List<Integer> perm = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            perm.add(i);
        }
        Collections.shuffle(perm, new Random(seed));
        // Row i of the permuted sequence is row perm(i) of the original.
        Tensor.Builder px = Tensor.builder(DType.FLOAT64, n, d);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                px.set(0, i, c, x.get(perm.get(i), c));
            }
        }
        var r = v.forward(AttentionInputs.builder().put("sequence", x).build());
        var pr = v.forward(AttentionInputs.builder().put("sequence", px.build()).build());
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < r.output().cols(); c++) {
                assertEquals(r.output().get(perm.get(i), c), pr.output().get(i, c), 1e-12, "output row " + i);
            }
            for (int j = 0; j < n; j++) {
                assertEquals(r.weights().orElseThrow().get(perm.get(i), perm.get(j)),
                        pr.weights().orElseThrow().get(i, j), 1e-12, "weight " + i + ", " + j);
            }
        }
    }
}
