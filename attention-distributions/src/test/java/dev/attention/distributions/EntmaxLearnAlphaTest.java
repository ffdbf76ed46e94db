package dev.attention.distributions;

import static dev.attention.api.DType.FLOAT32;
import static dev.attention.api.DType.FLOAT64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.ConfigException;
import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.PluginContext;
import dev.attention.tck.GradientCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Learnable α: the α-gradient against central finite differences in α itself (float64, several α,
 * rows with ties, with keys at exactly 0 and with a masked key), the logit's chain rule, and the
 * parametrisation α = 1 + (alpha-max − 1)·σ(a).
 */
class EntmaxLearnAlphaTest {
    private static final DistributionProvider PROVIDER = DistributionFixtures.provider("entmax");
    /** Key 3 of row 1 masked. */
    private static final Mask MASK = (b, i, j) -> !(i == 1 && j == 3);

    /**
     * Row 0: a tie at the top; row 1: spread wide, so some keys are exactly 0; row 2: a tie below the
     * top and one far-off key; row 3: all equal (uniform, every key in the support).
     */
    private static Tensor scores() {
        return Tensor.of(FLOAT64, new int[] {4, 5},
                1.0, 1.0, 0.2, -0.4, 0.1,
                2.5, -1.0, 0.3, 1.1, -3.0,
                0.8, 0.1, 0.1, -0.6, -9.0,
                0.5, 0.5, 0.5, 0.5, 0.5);
    }

    private static Tensor scaled(Tensor t, double c) {
        double[] v = t.toDoubleArray();
        for (int k = 0; k < v.length; k++) {
            v[k] *= c;
        }
        return Tensor.of(FLOAT64, t.shape(), v);
    }

    private static EntmaxDistribution learned(double alpha, double alphaMax) {
        return (EntmaxDistribution) DistributionFixtures.create(PROVIDER,
                Map.of("alpha", alpha, "alpha-max", alphaMax, "learn-alpha", true));
    }

    /** {@code Σ probe ⊙ entmax_α(s)} with α fixed, for differences in α. */
    private static double loss(double alpha, Tensor s, Tensor probe) {
        return GradientCheck.dot(probe, new EntmaxDistribution(alpha, 200, 1e-15).weights(s, MASK));
    }

    @Test
    void the_alpha_gradient_matches_finite_differences_in_alpha() {
        Tensor probe = GradientCheck.probe(new int[] {4, 5}, 5);
        for (double alpha : new double[] {1.2, 1.5, 1.8, 2.0, 2.6}) {
            // Scaled by 0.8/(α − 1), so (α − 1)·s, and with it the support, is that of α = 1.8 unscaled:
            // sparse rows, yet each row's weights still depend on α.
            Tensor s = scaled(scores(), 0.8 / (alpha - 1));
            EntmaxDistribution f = learned(alpha, 3.0);
            assertEquals(alpha, f.alpha(), 1e-12, "the starting α");
            DistributionGradients g = f.backward(s, MASK, f.weights(s, MASK), probe);
            double da = g.parameters().get(EntmaxDistribution.ALPHA_LOGIT).at(0);
            // dα/da = (α − 1)(1 − σ) with σ = (α − 1)/(alpha-max − 1).
            double dAlphaDa = (alpha - 1) * (1 - (alpha - 1) / 2.0);
            double h = 1e-5;
            double numeric = (loss(alpha + h, s, probe) - loss(alpha - h, s, probe)) / (2 * h);
            assertEquals(numeric, da / dAlphaDa, 1e-6 + 1e-5 * Math.abs(numeric), "α = " + alpha);
            assertTrue(Math.abs(numeric) > 1e-2, "the probe must make the α-gradient visible, α = " + alpha + ": " + numeric);
        }
    }

    @Test
    void the_rows_used_include_ties_and_exact_zeros() {
        Tensor w = new EntmaxDistribution(1.8, 50, 1e-12).weights(scores(), MASK);
        assertEquals(w.get(0, 0), w.get(0, 1), 1e-15, "tied top keys");
        assertEquals(0.0, w.get(1, 4), "a key outside the support");
        assertEquals(0.0, w.get(1, 3), "the masked key");
        assertEquals(0.2, w.get(3, 0), 1e-12, "equal scores: uniform");
    }

    @Test
    void the_logit_gradient_matches_finite_differences_in_the_logit() {
        Tensor s = scores();
        Tensor probe = GradientCheck.probe(new int[] {4, 5}, 9);
        EntmaxDistribution f = learned(1.4, 2.0);
        Tensor a = f.parameters().get(EntmaxDistribution.ALPHA_LOGIT);
        DistributionGradients g = f.backward(s, MASK, f.weights(s, MASK), probe);
        GradientCheck.check("alpha_logit", a, x -> GradientCheck.dot(probe,
                f.withParameters(Parameters.of(EntmaxDistribution.ALPHA_LOGIT, x)).weights(s, MASK)),
                g.parameters().get(EntmaxDistribution.ALPHA_LOGIT));
    }

    @Test
    void alpha_is_one_plus_alpha_max_minus_one_times_the_sigmoid_of_the_logit() {
        EntmaxDistribution f = learned(1.5, 2.0);
        assertEquals(0.0, f.parameters().get(EntmaxDistribution.ALPHA_LOGIT).at(0), 1e-15, "σ(0) = 1/2");
        EntmaxDistribution moved = (EntmaxDistribution) f.withParameters(
                Parameters.of(EntmaxDistribution.ALPHA_LOGIT, Tensor.of(FLOAT64, new int[] {1, 1}, Math.log(3))));
        assertEquals(1.75, moved.alpha(), 1e-12, "σ(log 3) = 3/4");
        assertEquals(new EntmaxDistribution(1.75, 50, 1e-12).weights(scores(), MASK), moved.weights(scores(), MASK));
        EntmaxDistribution far = (EntmaxDistribution) f.withParameters(
                Parameters.of(EntmaxDistribution.ALPHA_LOGIT, Tensor.of(FLOAT64, new int[] {1, 1}, -80)));
        assertEquals(EntmaxDistribution.MIN_ALPHA, far.alpha(), 0, "α held above 1");
        assertTrue(far.weights(scores(), MASK).isFinite());
        assertEquals(1.5, f.alpha(), 0, "the original is unchanged");
    }

    @Test
    void the_parameter_takes_the_pipeline_dtype_and_the_weights_match_the_fixed_alpha() {
        Distribution f = DistributionFixtures.create(PROVIDER, Map.of("alpha", 1.3, "learn-alpha", true));
        Distribution f32 = PROVIDER.create(PluginContext.builder(PROVIDER.id(), PROVIDER.parameters())
                .parameter("alpha", 1.3).parameter("learn-alpha", true).dtype(FLOAT32).build());
        assertEquals(FLOAT32, f32.parameters().get(EntmaxDistribution.ALPHA_LOGIT).dtype());
        assertArrayEquals(new int[] {1, 1}, f.parameters().get(EntmaxDistribution.ALPHA_LOGIT).shape());
        Tensor fixed = new EntmaxDistribution(1.3, 50, 1e-12).weights(scores(), MASK);
        Tensor w = f.weights(scores(), MASK);
        for (int k = 0; k < w.size(); k++) {
            assertEquals(fixed.at(k), w.at(k), 1e-12);
        }
        assertTrue(DistributionFixtures.create(PROVIDER, Map.of("alpha", 1.3)).parameters().isEmpty(),
                "without learn-alpha nothing is learned");
    }

    @Test
    void a_starting_alpha_at_or_above_alpha_max_names_alpha() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DistributionFixtures.create(PROVIDER, Map.of("alpha", 2.0, "learn-alpha", true)));
        assertEquals("alpha", e.key().orElseThrow());
        assertTrue(e.getMessage().contains("alpha-max"), e.getMessage());
    }

    @Test
    void an_unknown_or_misshapen_parameter_is_refused() {
        Distribution f = learned(1.5, 2.0);
        assertThrows(ShapeException.class, () -> f.withParameters(Parameters.of("alpha", Tensor.zeros(FLOAT64, 1, 1))));
        assertThrows(ShapeException.class, () -> f.withParameters(
                Parameters.of(EntmaxDistribution.ALPHA_LOGIT, Tensor.zeros(FLOAT64, 1, 2))));
    }
}
