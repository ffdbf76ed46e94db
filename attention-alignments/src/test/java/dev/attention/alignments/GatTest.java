package dev.attention.alignments;

import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.ConfigException;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.PluginContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GAT's LeakyReLU(aᵀ [q ‖ k]) by hand: d_q = 2, d_k = 1, a = (1, −1 | 2). */
class GatTest {
    private static final Tensor Q = Tensor.matrix(FLOAT64, new double[] {1, 2}, new double[] {3, 0});
    private static final Tensor K = Tensor.matrix(FLOAT64, new double[] {0.5}, new double[] {-1});

    private static Alignment gat(Map<String, Object> config) {
        return AlignmentFixtures.create(AlignmentFixtures.provider("gat"), config, FLOAT64, 0, 2, 1)
                .withParameters(Parameters.of("a", Tensor.matrix(FLOAT64, new double[] {1, -1, 2})));
    }

    @Test
    void a_has_one_entry_per_query_and_key_feature() {
        Alignment a = AlignmentFixtures.create(AlignmentFixtures.provider("gat"), Map.of(), FLOAT64, 0, 3, 2);
        assertArrayEquals(new int[] {1, 5}, a.parameters().get("a").shape());
    }

    @Test
    void score_is_the_leaky_relu_of_both_halves_with_slope_0_2() {
        // a_qᵀ q = (1 − 2, 3) = (−1, 3); a_kᵀ k = (1, −2): x = [[0, −3], [4, 1]]; LeakyReLU 0.2 → [[0, −0.6], [4, 1]].
        assertArrayEquals(new double[] {0, -0.6, 4, 1}, gat(Map.of()).scores(Q, K).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0, -1.5, 4, 1}, gat(Map.of("slope", 0.5)).scores(Q, K).toDoubleArray(), 1e-15);
    }

    @Test
    void backward_by_hand() {
        // G = [[1, 1], [1, 2]]; the slope scales G where x < 0 (only (0, 1)): g = [[1, 0.2], [1, 2]]. Row sums
        // (1.2, 3), column sums (2, 2.2). dq_i = rowSum_i · a_q = (1.2, −1.2), (3, −3); dk_j = colSum_j · 2 = 4, 4.4.
        // da_q = 1.2·(1, 2) + 3·(3, 0) = (10.2, 2.4); da_k = 2·0.5 + 2.2·(−1) = −1.2.
        AlignmentGradients g = gat(Map.of()).backward(Q, K, Tensor.matrix(FLOAT64, new double[] {1, 1}, new double[] {1, 2}));
        assertArrayEquals(new double[] {1.2, -1.2, 3, -3}, g.queries().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {4, 4.4}, g.keys().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {10.2, 2.4, -1.2}, g.parameters().get("a").toDoubleArray(), 1e-14);
    }

    @Test
    void a_negative_slope_is_refused_naming_it() {
        AlignmentProvider p = AlignmentFixtures.provider("gat");
        ConfigException e = assertThrows(ConfigException.class,
                () -> PluginContext.builder(p.id(), p.parameters()).parameter("slope", -0.1));
        assertEquals("slope", e.key().orElseThrow());
    }
}
