package dev.attention.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.ApiVersion;
import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.PluginId;
import dev.attention.api.spi.PluginKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract every alignment passes through its provider with a minimal configuration: shapes
 * (batched and unbatched), both dtypes, finiteness, determinism, parameter validation derived from
 * the declared {@link dev.attention.api.spi.ParameterSpec}s, {@code withParameters}, and gradients of
 * queries, keys and parameters against finite differences. Extend it with one small class naming
 * the plugin's {@link #id()}.
 */
public abstract class AlignmentContract {

    /**
     * The id of the alignment under test. The kit finds it the way the engine does, through the
     * {@code META-INF/services} entry point of the plugin's jar ({@link dev.attention.api.spi.AttentionPlugin}),
     * so a missing services line fails this contract.
     */
    protected abstract String id();

    private AlignmentProvider provider;

    /** The provider the engine would find for {@link #id()}; found once per test instance. */
    protected final AlignmentProvider provider() {
        if (provider == null) {
            provider = lookup();
        }
        return provider;
    }

    /** Finds {@link #id()} as the engine would; package-private so the kit's own tests can substitute a fixture. */
    AlignmentProvider lookup() {
        return PluginLookup.find(PluginKind.ALIGNMENT, id(), AlignmentProvider.class, getClass().getClassLoader());
    }

    /** A minimal valid parameter map (empty when every parameter has a default). */
    protected Map<String, Object> minimalConfig() {
        return Map.of();
    }

    /** Feature width of queries and keys used by the contract; override for d_q ≠ d_k plugins. */
    protected int queryWidth() {
        return 3;
    }

    protected int keyWidth() {
        return queryWidth();
    }

    /** Input values are drawn from this range; override to avoid kinks of the score function. */
    protected double[] inputRange() {
        return new double[] {-1, 1};
    }

    /**
     * False for plugins whose backward pass is deliberately not the derivative of the forward pass
     * (straight-through estimators): the finite-difference comparison is skipped, every other check
     * (shapes, dtypes, parameter gradients present) still runs.
     */
    protected boolean exactGradient() {
        return true;
    }

    /**
     * The context every check creates the plugin from: {@link #minimalConfig()}, dtype, seed and the
     * operand widths. Override to add what a plugin needs beyond that; checks add parameters on top.
     */
    protected PluginContext.Builder context(DType dtype, long seed) {
        return PluginContext.builder(provider().id(), provider().parameters())
                .parameters(minimalConfig()).dtype(dtype).seed(seed)
                .width("queries", queryWidth()).width("keys", keyWidth());
    }

    /** The plugin under test, created from {@link #context(DType, long)}. */
    protected Alignment create(DType dtype, long seed) {
        return provider().create(context(dtype, seed).build());
    }

    private Tensor input(DType dtype, int batch, int rows, int cols, long seed) {
        double[] r = inputRange();
        return GradientCheck.random(new int[] {batch, rows, cols}, seed, r[0], r[1]).to(dtype);
    }

    @Test
    void id_is_a_stable_lowercase_word() {
        assertTrue(PluginId.isValid(provider().id()), provider().id());
        assertFalse(provider().description().isBlank(), "description");
        assertEquals("", ApiVersion.incompatibility(provider().apiVersion()),
                "apiVersion() must be `return API_VERSION;`");
    }

    @Test
    void scores_have_shape_batch_n_m_in_both_dtypes() {
        for (DType dtype : DType.values()) {
            Alignment a = create(dtype, 1);
            Tensor q = input(dtype, 2, 4, queryWidth(), 11);
            Tensor k = input(dtype, 2, 5, keyWidth(), 12);
            Tensor s = a.scores(q, k);
            assertArrayEquals(new int[] {2, 4, 5}, s.shape(), dtype.id());
            assertEquals(dtype, s.dtype());
            assertTrue(s.isFinite(), "finite scores in " + dtype.id());
        }
    }

    @Test
    void batch_elements_are_independent() {
        Alignment a = create(DType.FLOAT64, 1);
        Tensor q = input(DType.FLOAT64, 2, 3, queryWidth(), 21);
        Tensor k = input(DType.FLOAT64, 2, 4, keyWidth(), 22);
        Tensor s = a.scores(q, k);
        for (int b = 0; b < 2; b++) {
            Tensor qb = slice(q, b);
            Tensor kb = slice(k, b);
            Tensor sb = a.scores(qb, kb);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(sb.get(0, i, j), s.get(b, i, j), 1e-12);
                }
            }
        }
    }

    @Test
    void float32_agrees_with_float64() {
        Tensor q = input(DType.FLOAT64, 1, 3, queryWidth(), 31);
        Tensor k = input(DType.FLOAT64, 1, 4, keyWidth(), 32);
        Tensor s64 = create(DType.FLOAT64, 5).scores(q, k);
        Tensor s32 = create(DType.FLOAT32, 5).scores(q.to(DType.FLOAT32), k.to(DType.FLOAT32));
        for (int t = 0; t < s64.size(); t++) {
            assertEquals(s64.at(t), s32.at(t), 1e-4 * (1 + Math.abs(s64.at(t))));
        }
    }

    @Test
    void same_seed_gives_identical_scores() {
        Tensor q = input(DType.FLOAT32, 1, 3, queryWidth(), 41);
        Tensor k = input(DType.FLOAT32, 1, 4, keyWidth(), 42);
        assertEquals(create(DType.FLOAT32, 9).scores(q, k), create(DType.FLOAT32, 9).scores(q, k));
    }

    @Test
    void mismatched_batch_is_a_shape_error() {
        Alignment a = create(DType.FLOAT64, 1);
        assertThrows(ShapeException.class,
                () -> a.scores(input(DType.FLOAT64, 2, 3, queryWidth(), 1), input(DType.FLOAT64, 3, 3, keyWidth(), 2)));
    }

    @Test
    void gradients_have_the_shape_and_dtype_of_what_they_differentiate() {
        for (DType dtype : DType.values()) {
            Alignment a = create(dtype, 3);
            Tensor q = input(dtype, 2, 3, queryWidth(), 51);
            Tensor k = input(dtype, 2, 4, keyWidth(), 52);
            AlignmentGradients g = a.backward(q, k, GradientCheck.probe(new int[] {2, 3, 4}, 53).to(dtype));
            assertArrayEquals(q.shape(), g.queries().shape(), "queries gradient shape");
            assertArrayEquals(k.shape(), g.keys().shape(), "keys gradient shape");
            assertEquals(dtype, g.queries().dtype(), "queries gradient dtype");
            assertEquals(dtype, g.keys().dtype(), "keys gradient dtype");
            ParameterChecks.gradientsMatchParameterShapes(a.parameters(), g.parameters());
        }
    }

    @Test
    void gradients_match_finite_differences() {
        assumeTrue(exactGradient(), "backward is not the exact derivative (straight-through)");
        Alignment a = create(DType.FLOAT64, 3);
        Tensor q = input(DType.FLOAT64, 2, 3, queryWidth(), 51);
        Tensor k = input(DType.FLOAT64, 2, 4, keyWidth(), 52);
        Tensor probe = GradientCheck.probe(new int[] {2, 3, 4}, 53);
        AlignmentGradients g = a.backward(q, k, probe);
        GradientCheck.check("queries", q, x -> GradientCheck.dot(probe, a.scores(x, k)), g.queries());
        GradientCheck.check("keys", k, x -> GradientCheck.dot(probe, a.scores(q, x)), g.keys());
        Parameters p = a.parameters();
        for (String name : p.names()) {
            GradientCheck.check(name, p.get(name), x -> GradientCheck.dot(probe,
                    a.withParameters(p.map((n, t) -> n.equals(name) ? x : t)).scores(q, k)), g.parameters().get(name));
        }
    }

    /**
     * A declared dot-product form ({@link Alignment#dotProductScale(int)}) equals this alignment's
     * own scores at every width it is declared for (float64, tolerance 1e-12), and, for a plugin
     * with learnable parameters, holds and stays the same for other parameter values. A plugin that
     * declares nothing passes.
     */
    @Test
    void a_declared_dot_product_form_equals_the_scores() {
        Alignment a = create(DType.FLOAT64, 7);
        if (!DeclarationChecks.dotProductForm(provider().id(), a, 91) || a.parameters().isEmpty()) {
            return;
        }
        Alignment other = a.withParameters(DeclarationChecks.perturbed(a.parameters(), 97));
        DeclarationChecks.sameDotProductScales(provider().id(), a, other);
        DeclarationChecks.dotProductForm(provider().id() + " (other parameter values)", other, 93);
    }

    @Test
    void unbatched_rank_2_operands_give_rank_2_scores() {
        for (DType dtype : DType.values()) {
            Alignment a = create(dtype, 1);
            Tensor q = input(dtype, 1, 3, queryWidth(), 61);
            Tensor k = input(dtype, 1, 4, keyWidth(), 62);
            Tensor s = a.scores(q.reshape(3, queryWidth()), k.reshape(4, keyWidth()));
            assertArrayEquals(new int[] {3, 4}, s.shape(), dtype.id());
            assertEquals(a.scores(q, k).reshape(3, 4), s, "same scores as a batch of one");
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
        Tensor q = input(DType.FLOAT64, 2, 3, queryWidth(), 71);
        Tensor k = input(DType.FLOAT64, 2, 4, keyWidth(), 72);
        Alignment spelledOut = provider().create(context(DType.FLOAT64, 5)
                .parameters(ParameterChecks.withDefaultsSpelledOut(provider().parameters(), minimalConfig())).build());
        assertEquals(create(DType.FLOAT64, 5).scores(q, k), spelledOut.scores(q, k));
    }

    @Test
    void with_parameters_refuses_unknown_names_and_leaves_the_original_unchanged() {
        Alignment a = create(DType.FLOAT64, 1);
        Tensor q = input(DType.FLOAT64, 2, 3, queryWidth(), 81);
        Tensor k = input(DType.FLOAT64, 2, 4, keyWidth(), 82);
        Tensor before = a.scores(q, k);
        ParameterChecks.withParametersRefusesUnknownNames(a);
        assertEquals(before, a.scores(q, k), "the original scores as before");
    }

    private static Tensor slice(Tensor t, int b) {
        Tensor.Builder out = Tensor.builder(t.dtype(), 1, t.rows(), t.cols());
        for (int i = 0; i < t.rows(); i++) {
            for (int j = 0; j < t.cols(); j++) {
                out.set(0, i, j, t.get(b, i, j));
            }
        }
        return out.build();
    }
}
