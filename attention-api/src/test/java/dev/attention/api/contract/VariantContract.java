package dev.attention.api.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Alignment;
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
import dev.attention.api.spi.VariantProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract every variant passes, composed with the {@link ReferenceComponents} (or the
 * components a subclass chooses): declared inputs, finite outputs in both dtypes, determinism,
 * refusal of missing inputs, and gradients of every input and parameter against finite
 * differences of {@code L = Σ R_out ⊙ output + Σ R_w ⊙ weights}.
 */
public abstract class VariantContract {

    protected abstract VariantProvider provider();

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
    protected Alignment alignment(java.util.Map<String, Integer> widths) {
        return alignment();
    }

    protected final Variant create(DType dtype, long seed) {
        PluginContext.Builder b = PluginContext.builder(provider().id(), provider().parameters())
                .parameters(minimalConfig()).dtype(dtype).seed(seed)
                .alignments(this::alignment).distribution(distribution());
        AttentionInputs in = inputs();
        for (String name : in.names()) {
            b.width(name, in.tensor(name).cols());
        }
        return provider().create(b.build());
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
        assertTrue(provider().id().matches("[a-z][a-z0-9]*(-[a-z0-9]+)*"), provider().id());
        assertFalse(provider().description().isBlank(), "description");
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

    @Test
    void gradients_match_finite_differences() {
        Variant v = create(DType.FLOAT64, 3);
        AttentionInputs in = inputs();
        AttentionResult r = v.forward(in);
        Map<String, Tensor> probes = new LinkedHashMap<>();
        long seed = 100;
        for (Map.Entry<String, Tensor> e : r.asMap().entrySet()) {
            if (e.getKey().equals(AttentionResult.OUTPUT) || e.getKey().equals(AttentionResult.WEIGHTS)) {
                probes.put(e.getKey(), GradientCheck.probe(e.getValue().shape(), seed++));
            }
        }
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

    private static double loss(AttentionResult r, Map<String, Tensor> probes) {
        double l = 0;
        for (Map.Entry<String, Tensor> e : probes.entrySet()) {
            l += GradientCheck.dot(e.getValue(), r.get(e.getKey()));
        }
        return l;
    }
}
