package dev.attention.assembly.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.PluginException;
import dev.attention.api.Tensor;
import dev.attention.api.spi.PluginKind;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The engine holds a distribution's weights to its contract: in [0, 1], rows summing to 1 when it
 * declares so, rows with no allowed key all zeros. A fault names the plugin, its jar and the first
 * offending row; honest float32 rounding over many keys passes.
 */
class CheckedDistributionTest {
    private static final PluginFault CHECK = new PluginFault(PluginKind.DISTRIBUTION, "five", "five-plugin.jar", null);

    /** A test plugin that returns what {@code body} computes, declaring {@code sumsToOne}. */
    record Fixture(BiFunction<Tensor, Mask, Tensor> body, boolean sumsToOne) implements Distribution {
        @Override
        public Tensor weights(Tensor scores, Mask mask) {
            return body.apply(scores, mask);
        }

        @Override
        public DistributionGradients backward(Tensor scores, Mask mask, Tensor weights, Tensor weightGradient) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Parameters parameters() {
            return Parameters.empty();
        }
    }

    private static Tensor checked(Fixture f, Tensor scores, Mask mask) {
        return new CheckedDistribution(f, CHECK).weights(scores, mask);
    }

    @Test
    void finite_weights_of_five_name_the_plugin_its_jar_and_the_first_row() {
        Tensor scores = Tensor.zeros(DType.FLOAT64, 2, 3, 4);
        Fixture fives = new Fixture((s, m) -> {
            Tensor.Builder w = Tensor.builder(s.dtype(), s.shape());
            for (int k = 0; k < s.size(); k++) {
                w.set(k, 5.0);
            }
            return w.build();
        }, true);
        PluginException e = assertThrows(PluginException.class, () -> checked(fives, scores, Mask.all()));
        assertEquals("distribution 'five' (from five-plugin.jar) returned weight 5.0 at batch 0, row 0, key 0,"
                + " outside [0, 1]; this is a fault of the plugin, report it to its author", e.getMessage());
    }

    @Test
    void a_row_not_summing_to_one_is_named_with_its_sum() {
        // Row (1, 2) sums to 0.5 + 0.25 = 0.75; every other row is a proper one-hot.
        Tensor scores = Tensor.zeros(DType.FLOAT32, 2, 3, 4);
        Fixture halves = new Fixture((s, m) -> {
            Tensor.Builder w = Tensor.builder(s.dtype(), s.shape());
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 3; i++) {
                    w.set(b, i, i, 1.0);
                }
            }
            w.set(1, 2, 2, 0.5).set(1, 2, 3, 0.25);
            return w.build();
        }, true);
        PluginException e = assertThrows(PluginException.class, () -> checked(halves, scores, Mask.all()));
        assertTrue(e.getMessage().startsWith("distribution 'five' (from five-plugin.jar) returned weights summing to"
                + " 0.75 at batch 1, row 2; it declares sumsToOne()"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        // The same weights from gates that do not declare a sum are fine: each lies in [0, 1].
        Fixture gates = new Fixture(halves.body(), false);
        checked(gates, scores, Mask.all());
    }

    @Test
    void a_fully_masked_row_must_be_zeros() {
        Tensor scores = Tensor.zeros(DType.FLOAT64, 1, 2, 3);
        Mask secondRowMasked = (b, i, j) -> i == 0;
        Fixture uniform = new Fixture((s, m) -> {
            Tensor.Builder w = Tensor.builder(s.dtype(), s.shape());
            for (int k = 0; k < s.size(); k++) {
                w.set(k, 1.0 / 3);
            }
            return w.build();
        }, true);
        PluginException e = assertThrows(PluginException.class, () -> checked(uniform, scores, secondRowMasked));
        assertTrue(e.getMessage().contains("returned nonzero weights (sum 1.0) at batch 0, row 1, whose keys are"
                + " all masked"), e.getMessage());

        // Zeros there pass, even though that row does not sum to 1.
        Fixture honest = new Fixture((s, m) -> {
            Tensor.Builder w = Tensor.builder(s.dtype(), s.shape());
            for (int j = 0; j < 3; j++) {
                w.set(0, 0, j, 1.0 / 3);
            }
            return w.build();
        }, true);
        checked(honest, scores, secondRowMasked);
    }

    /**
     * Softmax computed the way a float32 plugin would (exponentials and their sum accumulated in
     * float, one division per weight) over 20 000 keys, with a causal mask and a padded query row:
     * its rows miss 1 by float32 rounding only, and the check lets them through unchanged.
     */
    @Test
    void float32_softmax_rows_over_many_keys_pass() {
        int n = 3;
        int m = 20_000;
        Random random = new Random(26);
        Tensor.Builder sb = Tensor.builder(DType.FLOAT32, 1, n, m);
        for (int k = 0; k < n * m; k++) {
            sb.set(k, (float) (random.nextGaussian() * 4));
        }
        Tensor scores = sb.build();
        // Row 0 sees the first 10 keys, row 1 every key, row 2 none (padding).
        Mask mask = (b, i, j) -> i == 1 || (i == 0 && j < 10);
        Fixture softmax = new Fixture((s, msk) -> {
            Tensor.Builder w = Tensor.builder(DType.FLOAT32, s.shape());
            for (int i = 0; i < n; i++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < m; j++) {
                    if (msk.allows(0, i, j)) {
                        max = Math.max(max, (float) s.get(0, i, j));
                    }
                }
                float sum = 0f;
                float[] e = new float[m];
                for (int j = 0; j < m; j++) {
                    if (msk.allows(0, i, j)) {
                        e[j] = (float) Math.exp((float) s.get(0, i, j) - max);
                        sum += e[j];
                    }
                }
                for (int j = 0; j < m; j++) {
                    if (e[j] != 0) {
                        w.set(0, i, j, e[j] / sum);
                    }
                }
            }
            return w.build();
        }, true);
        Tensor plain = softmax.weights(scores, mask);
        double rowSum = 0;
        for (int j = 0; j < m; j++) {
            rowSum += plain.get(0, 1, j);
        }
        assertTrue(rowSum != 1.0 && Math.abs(rowSum - 1) < 1e-3, "the row misses 1 by rounding: " + rowSum);
        assertSame(DType.FLOAT32, plain.dtype());
        assertEquals(plain, checked(softmax, scores, mask));
    }

    @Test
    void tolerances_scale_with_the_dtype_and_the_number_of_keys() {
        assertEquals(1e-4 + 1000 * 0x1p-23, PluginFault.sumTolerance(DType.FLOAT32, 1000), 0);
        assertEquals(1e-5 + 1000 * 0x1p-52, PluginFault.sumTolerance(DType.FLOAT64, 1000), 0);
    }
}
