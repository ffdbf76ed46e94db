package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Mode;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.ReferenceComponents;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Multi-head attention against what it must reduce to: one head with identity projections and no
 * bias is {@code self}; dropout acts in training only, reproducibly per seed, and otherwise
 * multiplies each weight by 0 or 1/(1 − p).
 */
class MultiHeadPropertyTest {

    @Property(tries = 50)
    void one_head_with_identity_projections_and_no_bias_is_self(@ForAll @IntRange(min = 1, max = 5) int n,
            @ForAll @IntRange(min = 1, max = 3) int d, @ForAll @IntRange(min = 0, max = 5) int length,
            @ForAll long seed) {
        AttentionInputs in = AttentionInputs.builder()
                .put("sequence", GradientCheck.random(new int[] {2, n, d}, seed, -2, 2), n, Math.min(length, n)).build();
        Tensor identity = identity(d);
        Variant multi = create(Map.of("heads", 1, "bias", false), d, 0).withParameters(Parameters.of(Map.of(
                "variant.W_q", identity, "variant.W_k", identity, "variant.W_v", identity, "variant.W_o", identity)));
        Variant self = InputFixtures.create(Fixtures.provider("self"), Map.of(), Map.of("sequence", d));
        AttentionResult m = multi.forward(in);
        AttentionResult s = self.forward(in);
        assertArrayEquals(s.output().toDoubleArray(), m.output().toDoubleArray(), 1e-12, "output");
        assertArrayEquals(new int[] {2, 1, n, n}, m.weights().orElseThrow().shape(), "weights [batch, heads, n, n]");
        assertArrayEquals(s.weights().orElseThrow().toDoubleArray(), m.weights().orElseThrow().toDoubleArray(), 1e-12);
    }

    @Property(tries = 30)
    void evaluation_ignores_dropout(@ForAll @DoubleRange(min = 0, max = 0.95) double p, @ForAll long seed) {
        AttentionInputs in = inputs(seed);
        AttentionResult withDropout = create(Map.of("heads", 2, "dropout", p), 4, seed).forward(in);
        AttentionResult without = create(Map.of("heads", 2), 4, seed).forward(in);
        assertEquals(without.asMap(), withDropout.asMap());
        assertEquals(withDropout.asMap(), create(Map.of("heads", 2, "dropout", p), 4, seed).forward(in).asMap());
    }

    @Property(tries = 30)
    void training_drops_or_rescales_each_weight_reproducibly(@ForAll @DoubleRange(min = 0.05, max = 0.9) double p,
            @ForAll long seed) {
        AttentionInputs eval = inputs(seed);
        AttentionInputs train = eval.withMode(Mode.TRAIN);
        Variant v = create(Map.of("heads", 2, "dropout", p), 4, seed);
        AttentionResult t = v.forward(train);
        assertEquals(t.asMap(), create(Map.of("heads", 2, "dropout", p), 4, seed).forward(train).asMap(),
                "same seed, same mask");
        Tensor we = v.forward(eval).weights().orElseThrow();
        Tensor wt = t.weights().orElseThrow();
        for (int k = 0; k < we.size(); k++) {
            double kept = we.at(k) / (1 - p);
            assertTrue(wt.at(k) == 0 || Math.abs(wt.at(k) - kept) <= 1e-12 * (1 + kept),
                    "weight " + k + ": " + wt.at(k) + " is neither 0 nor " + kept);
        }
    }

    @Property(tries = 30)
    void each_training_step_drops_other_weights_and_repeats_its_own(@ForAll @DoubleRange(min = 0.2, max = 0.8) double p,
            @ForAll long seed) {
        AttentionInputs train = inputs(seed).withMode(Mode.TRAIN);
        Variant v = create(Map.of("heads", 2, "dropout", p), 4, seed);
        Tensor step0 = v.forward(train).weights().orElseThrow();
        Tensor step1 = v.forward(train.withStep(1)).weights().orElseThrow();
        assertEquals(step0, v.forward(train.withStep(0)).weights().orElseThrow(), "step 0 is the default step");
        assertEquals(step1, create(Map.of("heads", 2, "dropout", p), 4, seed).forward(train.withStep(1))
                .weights().orElseThrow(), "same seed and step, same mask");
        // 2·2·4·4 = 64 weights, each dropped with p ≥ 0.2 independently per step: equal masks by chance
        // have probability ≤ (p² + (1−p)²)^64 ≤ 0.68^64 ≈ 2e-11.
        int differ = 0;
        for (int k = 0; k < step0.size(); k++) {
            if ((step0.at(k) == 0) != (step1.at(k) == 0)) {
                differ++;
            }
        }
        assertTrue(differ > 0, "steps 0 and 1 dropped the same weights: dropout would be a fixed pruning");
    }

    private static AttentionInputs inputs(long seed) {
        return AttentionInputs.builder().put("sequence", GradientCheck.random(new int[] {2, 4, 4}, seed, -2, 2)).build();
    }

    static Variant create(Map<String, ?> config, int d, long seed) {
        VariantProvider p = Fixtures.provider("multi-head");
        return p.create(PluginContext.builder(p.id(), p.parameters()).parameters(config).width("sequence", d)
                .seed(seed).alignment(ReferenceComponents.dot()).distribution(ReferenceComponents.softmax()).build());
    }

    private static Tensor identity(int d) {
        Tensor.Builder b = Tensor.builder(DType.FLOAT64, d, d);
        for (int i = 0; i < d; i++) {
            b.set(0, i, i, 1);
        }
        return b.build();
    }
}
