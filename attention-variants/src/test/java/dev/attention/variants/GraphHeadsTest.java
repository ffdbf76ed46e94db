package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.AttentionResult;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Heads are independent one-head graph attentions, each with its block of W's rows: concatenated
 * side by side, or averaged. Checked against one-head variants given those blocks.
 */
class GraphHeadsTest {
    private static final int DIM = 2;

    private static Variant graph(Map<String, Object> parameters) {
        return InputFixtures.create(Fixtures.provider("graph"), parameters, Map.of("nodes", GraphFixtures.D));
    }

    /** One head with rows [h·DIM, (h+1)·DIM) of {@code w}. */
    private static AttentionResult oneHead(Tensor w, int h) {
        double[] rows = Arrays.copyOfRange(w.toDoubleArray(), h * DIM * GraphFixtures.D, (h + 1) * DIM * GraphFixtures.D);
        return graph(Map.of("dim", DIM)).withParameters(Parameters.of("variant.W",
                Tensor.of(w.dtype(), new int[] {DIM, GraphFixtures.D}, rows))).forward(GraphFixtures.inputs());
    }

    @Test
    void concatenated_heads_sit_side_by_side_and_averaged_heads_are_their_mean() {
        Variant concat = graph(Map.of("heads", 2, "dim", DIM));
        Tensor w = concat.parameters().get("variant.W");
        assertArrayEquals(new int[] {2 * DIM, GraphFixtures.D}, w.shape());
        assertEquals(List.of("variant.W"), List.copyOf(concat.parameters().names()), "dot and softmax are shared");
        AttentionResult a = oneHead(w, 0);
        AttentionResult b = oneHead(w, 1);
        AttentionResult both = concat.forward(GraphFixtures.inputs());
        AttentionResult mean = graph(Map.of("heads", 2, "dim", DIM, "concat", false))
                .withParameters(Parameters.of("variant.W", w)).forward(GraphFixtures.inputs());
        int n = GraphFixtures.NODES;
        assertArrayEquals(new int[] {n, 2 * DIM}, both.output().shape());
        assertArrayEquals(new int[] {n, DIM}, mean.output().shape());
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < DIM; c++) {
                assertEquals(a.output().get(i, c), both.output().get(i, c), 1e-15);
                assertEquals(b.output().get(i, c), both.output().get(i, DIM + c), 1e-15);
                assertEquals((a.output().get(i, c) + b.output().get(i, c)) / 2, mean.output().get(i, c), 1e-15);
            }
        }
        Tensor weights = both.weights().orElseThrow();
        assertEquals(2, weights.cols(), "one column per head");
        for (int t = 0; t < weights.rows(); t++) {
            assertEquals(a.weights().orElseThrow().get(t, 0), weights.get(t, 0), 1e-15);
            assertEquals(b.weights().orElseThrow().get(t, 0), weights.get(t, 1), 1e-15);
        }
    }

    @Test
    void a_learnable_alignment_is_one_per_head() {
        Variant v = InputFixtures.create(Fixtures.provider("graph"), Map.of("heads", 2, "project", false),
                Map.of("nodes", GraphFixtures.D), TestComponents.scaledDot(0.5), TestComponents.temperedSoftmax(2));
        assertEquals(List.of("alignment.head0.c", "alignment.head1.c", "distribution.head0.t", "distribution.head1.t"),
                List.copyOf(v.parameters().names()));
    }
}
