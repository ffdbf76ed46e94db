package dev.attention.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.attention.api.Alignment;
import dev.attention.api.ApiVersion;
import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.InputSpec;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.PluginId;
import dev.attention.api.spi.PluginKind;
import dev.attention.api.spi.VariantProvider;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract every variant passes, composed with the {@link ReferenceComponents} (or the
 * components a subclass chooses): declared inputs, finite outputs in both dtypes, determinism,
 * refusal of missing inputs, unbatched inputs, parameter validation derived from the declared
 * {@link dev.attention.api.spi.ParameterSpec}s, {@code withParameters}, and gradients of every
 * input and parameter against finite differences of {@code L = Σ_r R_r ⊙ result_r} over the
 * {@link #differentiableResults()} (output and weights unless a subclass adds more).
 */
public abstract class VariantContract {

    /**
     * The id of the variant under test. The kit finds it the way the engine does, through the
     * {@code META-INF/services} entry point of the plugin's jar ({@link dev.attention.api.spi.AttentionPlugin}),
     * so a missing services line fails this contract.
     */
    protected abstract String id();

    private VariantProvider provider;

    /** The provider the engine would find for {@link #id()}; found once per test instance. */
    protected final VariantProvider provider() {
        if (provider == null) {
            provider = lookup();
        }
        return provider;
    }

    /** Finds {@link #id()} as the engine would; package-private so the kit's own tests can substitute a fixture. */
    VariantProvider lookup() {
        return PluginLookup.find(PluginKind.VARIANT, id(), VariantProvider.class, getClass().getClassLoader());
    }

    protected Map<String, Object> minimalConfig() {
        return Map.of();
    }

    /** Inputs for the contract in float64; must bind every required input. */
    protected abstract AttentionInputs inputs();

    protected Alignment alignment() {
        return ReferenceComponents.dot();
    }

    protected Distribution distribution() {
        return ReferenceComponents.softmax();
    }

    /**
     * The alignment for operands of the given widths; override for learnable alignments that size
     * their parameters by them. Defaults to {@link #alignment()} whatever the widths.
     */
    protected Alignment alignment(Map<String, Integer> widths) {
        return alignment();
    }

    /**
     * False for variants whose backward pass is deliberately not the derivative of the forward pass
     * (straight-through estimators): the finite-difference comparison is skipped, every other check
     * still runs.
     */
    protected boolean exactGradient() {
        return true;
    }

    /**
     * The results the gradient check probes: {@code L = Σ_r R_r ⊙ result_r} over these names (those
     * the variant returns). Add a variant's extra differentiable results, e.g. learned positions.
     */
    protected List<String> differentiableResults() {
        return List.of(AttentionResult.OUTPUT, AttentionResult.WEIGHTS);
    }

    /**
     * The context every check creates the variant from: {@link #minimalConfig()}, dtype, seed, the
     * components and every input's width. Override to add what a variant needs beyond that (levels,
     * extra context); checks add parameters on top.
     */
    protected PluginContext.Builder context(DType dtype, long seed) {
        PluginContext.Builder b = PluginContext.builder(provider().id(), provider().parameters())
                .parameters(minimalConfig()).dtype(dtype).seed(seed)
                .alignments(this::alignment).distribution(distribution());
        AttentionInputs in = inputs();
        for (String name : in.names()) {
            b.width(name, in.tensor(name).cols());
        }
        return b;
    }

    /** The variant under test, created from {@link #context(DType, long)}. */
    protected Variant create(DType dtype, long seed) {
        return provider().create(context(dtype, seed).build());
    }

    private AttentionInputs inputs(DType dtype) {
        AttentionInputs in = inputs();
        AttentionInputs out = in;
        for (String name : in.names()) {
            out = out.with(name, in.tensor(name).to(dtype));
        }
        return out;
    }

    @Test
    void id_is_a_stable_lowercase_word_and_inputs_are_declared() {
        assertTrue(PluginId.isValid(provider().id()), provider().id());
        assertFalse(provider().description().isBlank(), "description");
        assertEquals("", ApiVersion.incompatibility(provider().apiVersion()),
                "apiVersion() must be `return API_VERSION;`");
        Variant v = create(DType.FLOAT64, 1);
        assertFalse(v.inputs().isEmpty(), "a variant declares its inputs");
        for (InputSpec spec : v.inputs()) {
            if (spec.required()) {
                assertTrue(inputs().has(spec.name()), "contract inputs bind required '" + spec.name() + "'");
            }
        }
    }

    @Test
    void output_is_finite_in_both_dtypes() {
        for (DType dtype : DType.values()) {
            AttentionResult r = create(dtype, 1).forward(inputs(dtype));
            assertEquals(dtype, r.output().dtype(), "output dtype");
            for (Tensor t : r.asMap().values()) {
                assertTrue(t.isFinite(), dtype.id() + ": " + t);
            }
        }
    }

    @Test
    void float32_agrees_with_float64() {
        AttentionResult r64 = create(DType.FLOAT64, 2).forward(inputs(DType.FLOAT64));
        AttentionResult r32 = create(DType.FLOAT32, 2).forward(inputs(DType.FLOAT32));
        for (int t = 0; t < r64.output().size(); t++) {
            assertEquals(r64.output().at(t), r32.output().at(t), 1e-4 * (1 + Math.abs(r64.output().at(t))));
        }
    }

    @Test
    void same_seed_gives_identical_results() {
        AttentionResult a = create(DType.FLOAT32, 7).forward(inputs(DType.FLOAT32));
        AttentionResult b = create(DType.FLOAT32, 7).forward(inputs(DType.FLOAT32));
        assertEquals(a.asMap(), b.asMap());
    }

    @Test
    void a_missing_required_input_is_refused() {
        Variant v = create(DType.FLOAT64, 1);
        for (InputSpec spec : v.inputs()) {
            if (spec.required()) {
                AttentionInputs.Builder b = AttentionInputs.builder();
                inputs().names().stream().filter(n -> !n.equals(spec.name()))
                        .forEach(n -> b.put(n, inputs().tensor(n)));
                assertThrows(AttentionException.class, () -> v.forward(b.build()), spec.name());
            }
        }
    }

    /** A probe per differentiable result the variant returns. */
    private Map<String, Tensor> probes(AttentionResult r, DType dtype) {
        Map<String, Tensor> probes = new LinkedHashMap<>();
        long seed = 100;
        for (String name : differentiableResults()) {
            if (r.names().contains(name)) {
                probes.put(name, GradientCheck.probe(r.get(name).shape(), seed++).to(dtype));
            }
        }
        return probes;
    }

    @Test
    void gradients_have_the_shape_and_dtype_of_what_they_differentiate() {
        for (DType dtype : DType.values()) {
            Variant v = create(dtype, 3);
            AttentionInputs in = inputs(dtype);
            AttentionResult r = v.forward(in);
            VariantGradients g = v.backward(in, r, probes(r, dtype));
            for (String name : in.names()) {
                Tensor grad = g.inputs().get(name);
                assertNotNull(grad, "a gradient for input '" + name + "'");
                assertArrayEquals(in.tensor(name).shape(), grad.shape(), "input " + name + " gradient shape");
                assertEquals(dtype, grad.dtype(), "input " + name + " gradient dtype");
            }
            ParameterChecks.gradientsMatchParameterShapes(v.parameters(), g.parameters());
        }
    }

    @Test
    void gradients_match_finite_differences() {
        assumeTrue(exactGradient(), "backward is not the exact derivative (straight-through)");
        Variant v = create(DType.FLOAT64, 3);
        AttentionInputs in = inputs();
        AttentionResult r = v.forward(in);
        Map<String, Tensor> probes = probes(r, DType.FLOAT64);
        VariantGradients g = v.backward(in, r, probes);
        for (String name : in.names()) {
            Tensor x0 = in.tensor(name);
            GradientCheck.check("input " + name, x0, x -> loss(v.forward(in.with(name, x)), probes),
                    g.inputs().get(name));
        }
        Parameters p = v.parameters();
        assertEquals(p.names(), g.parameters().names(), "a gradient for every parameter");
        for (String name : p.names()) {
            GradientCheck.check(name, p.get(name), x -> loss(v.withParameters(p.map((n, t) -> n.equals(name) ? x : t))
                    .forward(in), probes), g.parameters().get(name));
        }
    }

    /**
     * Unbatched inputs ({@code [rows, cols]}) give the results of a batch of one, without the batch
     * axis. Runs when every contract input is {@code [batch, rows, cols]}; nested inputs are skipped.
     */
    @Test
    void unbatched_rank_2_inputs_give_the_results_of_a_batch_of_one() {
        AttentionInputs in = inputs();
        assumeTrue(in.names().stream().allMatch(n -> in.tensor(n).rank() == 3 && in.nesting(n) <= 1),
                "contract inputs are not all [batch, rows, cols]");
        AttentionInputs.Builder one = AttentionInputs.builder().mode(in.mode());
        AttentionInputs.Builder flat = AttentionInputs.builder().mode(in.mode());
        for (String name : in.names()) {
            Tensor t = in.tensor(name);
            Tensor first = Tensor.of(t.dtype(), new int[] {1, t.rows(), t.cols()},
                    Arrays.copyOf(t.toDoubleArray(), t.rows() * t.cols()));
            int[] lengths = in.lengths(name).orElse(null);
            if (lengths == null) {
                one.put(name, first);
                flat.put(name, first.reshape(t.rows(), t.cols()));
            } else {
                one.put(name, first, lengths[0]);
                flat.put(name, first.reshape(t.rows(), t.cols()), lengths[0]);
            }
        }
        Variant v = create(DType.FLOAT64, 1);
        AttentionResult batched = v.forward(one.build());
        AttentionResult unbatched = v.forward(flat.build());
        assertEquals(batched.names(), unbatched.names(), "same results");
        for (String name : batched.names()) {
            Tensor b = batched.get(name);
            Tensor u = unbatched.get(name);
            if (b.rank() == 3 && b.dim(0) == 1) {
                assertArrayEquals(new int[] {b.rows(), b.cols()}, u.shape(), name + " loses the batch axis");
            }
            assertArrayEquals(b.toDoubleArray(), u.toDoubleArray(), name + " values");
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
        Variant spelledOut = provider().create(context(DType.FLOAT64, 5)
                .parameters(ParameterChecks.withDefaultsSpelledOut(provider().parameters(), minimalConfig())).build());
        assertEquals(create(DType.FLOAT64, 5).forward(inputs()).asMap(), spelledOut.forward(inputs()).asMap());
    }

    @Test
    void with_parameters_refuses_unknown_names_and_leaves_the_original_unchanged() {
        Variant v = create(DType.FLOAT64, 1);
        Map<String, Tensor> before = v.forward(inputs()).asMap();
        ParameterChecks.withParametersRefusesUnknownNames(v);
        assertEquals(before, v.forward(inputs()).asMap(), "the original results as before");
    }

    private static double loss(AttentionResult r, Map<String, Tensor> probes) {
        double l = 0;
        for (Map.Entry<String, Tensor> e : probes.entrySet()) {
            l += GradientCheck.dot(e.getValue(), r.get(e.getKey()));
        }
        return l;
    }
}
