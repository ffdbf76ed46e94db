package dev.attention.distributions;

import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import dev.attention.tck.GradientCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GumbelSoftmaxTest {
    private static final Mask MASK = (b, i, j) -> j != 1 && !(b == 1 && i == 2);

    private static Distribution gumbel(double temperature, boolean hard, long seed) {
        return DistributionFixtures.create(DistributionFixtures.provider("gumbel-softmax"),
                Map.of("temperature", temperature, "hard", hard), seed);
    }

    private static Tensor scores() {
        return GradientCheck.random(new int[] {2, 3, 5}, 43, -2, 2);
    }

    @Test
    void soft_weights_match_the_reference() {
        // reference/gumbel_softmax.csv: numpy softmax((s + g)/τ) at batch 0, query 0 with the hash reimplemented.
        for (String[] line : ReferenceCsv.read("gumbel_softmax.csv")) {
            Distribution f = gumbel(Double.parseDouble(line[1]), false, Long.parseLong(line[0]));
            double[] expected = ReferenceCsv.numbers(line[3]);
            Tensor w = f.weights(Tensor.matrix(FLOAT64, ReferenceCsv.numbers(line[2])), Mask.all());
            for (int j = 0; j < expected.length; j++) {
                assertEquals(expected[j], w.get(0, j), 1e-14, String.join(",", line));
            }
        }
    }

    @Test
    void hard_forward_is_one_hot_at_the_argmax_of_the_perturbed_allowed_scores() {
        Tensor s = scores();
        long seed = 5;
        Tensor w = gumbel(0.5, true, seed).weights(s, MASK);
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 3; i++) {
                int best = -1;
                for (int j = 0; j < 5; j++) {
                    double t = (s.get(b, i, j) + GumbelNoise.at(seed, b, i, j)) / 0.5;
                    if (MASK.allows(b, i, j) && (best < 0
                            || t > (s.get(b, i, best) + GumbelNoise.at(seed, b, i, best)) / 0.5)) {
                        best = j;
                    }
                }
                for (int j = 0; j < 5; j++) {
                    assertEquals(j == best ? 1.0 : 0.0, w.get(b, i, j), 0.0, "(" + b + ", " + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void a_masked_key_never_wins_even_with_a_huge_score() {
        for (DType dtype : DType.values()) {
            Tensor w = gumbel(1, true, 0).weights(Tensor.matrix(dtype, new double[] {0, 1e4, -1e4, 0}),
                    (b, i, j) -> j != 1);
            assertEquals(0.0, w.get(0, 1), 0.0);
            assertEquals(1.0, w.get(0, 0) + w.get(0, 2) + w.get(0, 3), 0.0);
        }
    }

    @Test
    void hard_backward_is_the_soft_backward() {
        // Straight-through: the one-hot forward has derivative 0, so hard passes the soft gradient back.
        Tensor s = scores();
        Tensor g = GradientCheck.probe(new int[] {2, 3, 5}, 47);
        Distribution hard = gumbel(0.5, true, 9);
        Distribution soft = gumbel(0.5, false, 9);
        Tensor fromHard = hard.backward(s, MASK, hard.weights(s, MASK), g).scores();
        assertEquals(soft.backward(s, MASK, soft.weights(s, MASK), g).scores(), fromHard);
        assertTrue(GradientCheck.dot(fromHard, fromHard) > 0, "the straight-through gradient must not vanish");
    }

    @Test
    void the_same_seed_gives_the_same_noise_and_another_seed_other_noise() {
        Tensor s = scores();
        assertEquals(gumbel(1, false, 3).weights(s, MASK), gumbel(1, false, 3).weights(s, MASK));
        assertNotEquals(gumbel(1, false, 3).weights(s, MASK), gumbel(1, false, 4).weights(s, MASK));
    }

    @Test
    void the_noise_of_a_position_does_not_depend_on_the_tensor_shape() {
        // Row (0, 0) alone and as the first row of a [1, 3, 4] tensor sees the same noise, so the same weights.
        double[] row = {0.3, -1.2, 2.5, 0.0};
        Tensor alone = gumbel(1, false, 2).weights(Tensor.of(FLOAT64, new int[] {1, 1, 4}, row), Mask.all());
        double[] three = new double[12];
        System.arraycopy(row, 0, three, 0, 4);
        Tensor inBatch = gumbel(1, false, 2).weights(Tensor.of(FLOAT64, new int[] {1, 3, 4}, three), Mask.all());
        for (int j = 0; j < 4; j++) {
            assertEquals(alone.at(j), inBatch.at(j), 0.0);
        }
    }

    @Test
    void hard_samples_follow_softmax_of_the_scores() {
        // Gumbel-max trick: argmax_j (s_j + g_j) ~ softmax(s). s = (0, ln 2, ln 3) → (1/6, 1/3, 1/2).
        // 30 000 rows with independent noise: standard error ≤ 0.003, so 0.015 is a wide margin.
        int n = 30_000;
        double[] values = new double[3 * n];
        for (int i = 0; i < n; i++) {
            values[3 * i + 1] = Math.log(2);
            values[3 * i + 2] = Math.log(3);
        }
        Tensor w = gumbel(1, true, 13).weights(Tensor.of(FLOAT64, new int[] {1, n, 3}, values), Mask.all());
        double[] frequency = new double[3];
        for (int k = 0; k < w.size(); k++) {
            frequency[k % 3] += w.at(k) / n;
        }
        assertEquals(1.0 / 6, frequency[0], 0.015);
        assertEquals(1.0 / 3, frequency[1], 0.015);
        assertEquals(1.0 / 2, frequency[2], 0.015);
    }

    @Test
    void hard_rows_respect_the_mask_and_huge_scores() {
        for (DType dtype : DType.values()) {
            Tensor w = gumbel(1, true, 1).weights(scores().to(dtype), MASK);
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 3; i++) {
                    double sum = 0;
                    for (int j = 0; j < 5; j++) {
                        sum += w.get(b, i, j);
                        if (!MASK.allows(b, i, j)) {
                            assertEquals(0.0, w.get(b, i, j), 0.0);
                        }
                    }
                    assertEquals(b == 1 && i == 2 ? 0.0 : 1.0, sum, 0.0, "row (" + b + ", " + i + ")");
                }
            }
            Tensor huge = gumbel(1e-3, true, 1).weights(Tensor.matrix(dtype, new double[] {1e4, -1e4, 0, 5e3}),
                    Mask.all());
            assertEquals(Tensor.matrix(dtype, new double[] {1, 0, 0, 0}), huge);
        }
    }

    @Test
    void a_tiny_temperature_gives_no_nan_for_huge_scores() {
        // (s − max)/τ reaches −2e7: exp underflows to 0, never ∞/∞.
        Tensor w = gumbel(1e-3, false, 1).weights(Tensor.matrix(FLOAT64, new double[] {1e4, -1e4, 0, 5e3}),
                Mask.all());
        assertTrue(w.isFinite(), w.toString());
        assertEquals(1.0, w.get(0, 0), 0.0);
    }
}
