package dev.attention.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.attention.api.ApiVersion;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.PluginId;
import dev.attention.api.spi.PluginKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract every distribution passes: shapes, both dtypes, weights in [0, 1] summing to 1 on
 * rows with an allowed key (unless the plugin says it is a gate), exact zeros where masked, zero
 * rows when fully masked, no NaN for huge scores, batched and unbatched scores, determinism,
 * parameter validation derived from the declared {@link dev.attention.api.spi.ParameterSpec}s,
 * {@code withParameters}, and gradients against finite differences.
 */
public abstract class DistributionContract {

    /**
     * The id of the distribution under test. The kit finds it the way the engine does, through the
     * {@code META-INF/services} entry point of the plugin's jar ({@link dev.attention.api.spi.AttentionPlugin}),
     * so a missing services line fails this contract.
     */
    protected abstract String id();

    private DistributionProvider provider;

    /** The provider the engine would find for {@link #id()}; found once per test instance. */
    protected final DistributionProvider provider() {
        if (provider == null) {
            provider = lookup();
        }
        return provider;
    }

    /** Finds {@link #id()} as the engine would; package-private so the kit's own tests can substitute a fixture. */
    DistributionProvider lookup() {
        return PluginLookup.find(PluginKind.DISTRIBUTION, id(), DistributionProvider.class, getClass().getClassLoader());
    }

    protected Map<String, Object> minimalConfig() {
        return Map.of();
    }

    /** Scores are drawn from this range; override for plugins with a restricted domain. */
    protected double[] scoreRange() {
        return new double[] {-2, 2};
    }

    /** Magnitude of the "huge scores" stability check; ±1e4 unless the domain forbids negatives. */
    protected double[] extremeScores() {
        return new double[] {1e4, -1e4, 0, 5e3};
    }

    /**
     * False for plugins whose backward pass is deliberately not the derivative of the forward pass
     * (straight-through estimators such as hard Gumbel-softmax): the finite-difference comparison is
     * skipped, every other check still runs.
     */
    protected boolean exactGradient() {
        return true;
    }

    /**
     * The context every check creates the plugin from: {@link #minimalConfig()}, dtype and seed.
     * Override to add what a plugin needs beyond that; checks add parameters on top.
     */
    protected PluginContext.Builder context(DType dtype, long seed) {
        return PluginContext.builder(provider().id(), provider().parameters())
                .parameters(minimalConfig()).dtype(dtype).seed(seed);
    }

    /** The plugin under test, created from {@link #context(DType, long)}. */
    protected Distribution create(DType dtype, long seed) {
        return provider().create(context(dtype, seed).build());
    }

    protected final Tensor scores(DType dtype, int batch, int n, int m, long seed) {
        double[] r = scoreRange();
        return GradientCheck.random(new int[] {batch, n, m}, seed, r[0], r[1]).to(dtype);
    }

    /** Masks key 1 of every row, and every key of row 2 in batch 1. */
    protected static final Mask MASK = (b, i, j) -> j != 1 && !(b == 1 && i == 2);

    @Test
    void id_is_a_stable_lowercase_word() {
        assertTrue(PluginId.isValid(provider().id()), provider().id());
        assertFalse(provider().description().isBlank(), "description");
        assertEquals("", ApiVersion.incompatibility(provider().apiVersion()),
                "apiVersion() must be `return API_VERSION;`");
    }

    @Test
    void weights_are_a_distribution_over_allowed_keys_in_both_dtypes() {
        for (DType dtype : DType.values()) {
            Distribution f = create(dtype, 1);
            Tensor w = f.weights(scores(dtype, 2, 3, 5, 7), MASK);
            assertArrayEquals(new int[] {2, 3, 5}, w.shape());
            assertEquals(dtype, w.dtype());
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 3; i++) {
                    double sum = 0;
                    for (int j = 0; j < 5; j++) {
                        double v = w.get(b, i, j);
                        assertTrue(v >= 0 && v <= 1, "weight " + v + " outside [0, 1]");
                        if (!MASK.allows(b, i, j)) {
                            assertEquals(0.0, v, "masked position must be exactly 0");
                        }
                        sum += v;
                    }
                    if (b == 1 && i == 2) {
                        assertEquals(0.0, sum, "fully masked row gives zeros");
                    } else if (f.sumsToOne()) {
                        assertEquals(1.0, sum, dtype == DType.FLOAT32 ? 1e-5 : 1e-6, "row sum");
                    }
                }
            }
        }
    }

    @Test
    void huge_scores_give_no_nan_or_infinity() {
        for (DType dtype : DType.values()) {
            Tensor s = Tensor.of(dtype, new int[] {1, 1, 4}, extremeScores());
            Tensor w = create(dtype, 1).weights(s, Mask.all());
            assertTrue(w.isFinite(), dtype.id() + ": " + w);
        }
    }

    @Test
    void float32_agrees_with_float64() {
        Tensor s = scores(DType.FLOAT64, 1, 3, 4, 17);
        Tensor w64 = create(DType.FLOAT64, 2).weights(s, Mask.all());
        Tensor w32 = create(DType.FLOAT32, 2).weights(s.to(DType.FLOAT32), Mask.all());
        for (int t = 0; t < w64.size(); t++) {
            assertEquals(w64.at(t), w32.at(t), 1e-5);
        }
    }

    @Test
    void same_seed_gives_identical_weights() {
        Tensor s = scores(DType.FLOAT32, 2, 3, 4, 19);
        assertEquals(create(DType.FLOAT32, 4).weights(s, MASK), create(DType.FLOAT32, 4).weights(s, MASK));
    }

    @Test
    void gradients_have_the_shape_and_dtype_of_what_they_differentiate() {
        for (DType dtype : DType.values()) {
            Distribution f = create(dtype, 3);
            Tensor s = scores(dtype, 2, 3, 5, 23);
            Tensor w = f.weights(s, MASK);
            DistributionGradients g = f.backward(s, MASK, w, GradientCheck.probe(new int[] {2, 3, 5}, 29).to(dtype));
            assertArrayEquals(s.shape(), g.scores().shape(), "scores gradient shape");
            assertEquals(dtype, g.scores().dtype(), "scores gradient dtype");
            ParameterChecks.gradientsMatchParameterShapes(f.parameters(), g.parameters());
        }
    }

    @Test
    void gradients_match_finite_differences() {
        assumeTrue(exactGradient(), "backward is not the exact derivative (straight-through)");
        Distribution f = create(DType.FLOAT64, 3);
        Tensor s = scores(DType.FLOAT64, 2, 3, 5, 23);
        Tensor probe = GradientCheck.probe(new int[] {2, 3, 5}, 29);
        Tensor w = f.weights(s, MASK);
        DistributionGradients g = f.backward(s, MASK, w, probe);
        GradientCheck.check("scores", s, x -> GradientCheck.dot(probe, f.weights(x, MASK)), g.scores());
        Parameters p = f.parameters();
        for (String name : p.names()) {
            GradientCheck.check(name, p.get(name), x -> GradientCheck.dot(probe,
                    f.withParameters(p.map((n, t) -> n.equals(name) ? x : t)).weights(s, MASK)),
                    g.parameters().get(name));
        }
    }

    /**
     * A declared softmax temperature ({@link Distribution#softmaxTemperature()}) equals this
     * distribution's own weights, {@code softmax(s/τ)} over the allowed keys and zeros on fully
     * masked rows (float64, tolerance 1e-12), and, for a plugin with learnable parameters, holds
     * and stays the same for other parameter values. A plugin that declares nothing passes.
     */
    @Test
    void a_declared_softmax_temperature_equals_the_weights() {
        Distribution f = create(DType.FLOAT64, 7);
        if (!DeclarationChecks.softmaxForm(provider().id(), f, MASK, scoreRange(), 43) || f.parameters().isEmpty()) {
            return;
        }
        Distribution other = f.withParameters(DeclarationChecks.perturbed(f.parameters(), 47));
        assertEquals(f.softmaxTemperature(), other.softmaxTemperature(),
                provider().id() + ": the declared temperature changed with the learnable parameters");
        DeclarationChecks.softmaxForm(provider().id() + " (other parameter values)", other, MASK, scoreRange(), 53);
    }

    @Test
    void unbatched_rank_2_scores_give_rank_2_weights() {
        for (DType dtype : DType.values()) {
            Distribution f = create(dtype, 1);
            Tensor s = scores(dtype, 1, 3, 5, 31);
            Tensor w = f.weights(s.reshape(3, 5), MASK);
            assertArrayEquals(new int[] {3, 5}, w.shape(), dtype.id());
            assertEquals(f.weights(s, MASK).reshape(3, 5), w, "same weights as a batch of one");
        }
    }

    @Test
    void an_unknown_parameter_is_refused_with_the_supported_names() {
        ParameterChecks.unknownNameIsRefused(provider(), () -> context(DType.FLOAT64, 1));
    }

    @Test
    void values_outside_the_declared_range_are_refused() {
        ParameterChecks.outOfRangeValuesAreRefused(provider(), () -> context(DType.FLOAT64, 1));
    }

    @Test
    void defaults_are_the_values_used_when_a_parameter_is_left_out() {
        Tensor s = scores(DType.FLOAT64, 2, 3, 5, 37);
        Distribution spelledOut = provider().create(context(DType.FLOAT64, 5)
                .parameters(ParameterChecks.withDefaultsSpelledOut(provider().parameters(), minimalConfig())).build());
        assertEquals(create(DType.FLOAT64, 5).weights(s, MASK), spelledOut.weights(s, MASK));
    }

    @Test
    void with_parameters_refuses_unknown_names_and_leaves_the_original_unchanged() {
        Distribution f = create(DType.FLOAT64, 1);
        Tensor s = scores(DType.FLOAT64, 2, 3, 5, 41);
        Tensor before = f.weights(s, MASK);
        ParameterChecks.withParametersRefusesUnknownNames(f);
        assertEquals(before, f.weights(s, MASK), "the original weights as before");
    }
}
