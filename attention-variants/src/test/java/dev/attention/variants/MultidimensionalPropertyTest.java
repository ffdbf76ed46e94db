package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.ReferenceComponents;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * When W's rows are equal and b is constant, DiSAN's score is the same for every feature, so
 * feature-wise attention must be ordinary global attention on every feature, with an alignment
 * that computes that score (written here independently, in plain loops).
 */
class MultidimensionalPropertyTest {
    private static final int DQ = 2;
    private static final int DK = 3;
    private static final int DV = 3;
    private static final int HIDDEN = 2;

    @Property(tries = 50)
    void a_score_constant_across_features_is_global_attention_on_every_feature(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 5) int m,
            @ForAll @IntRange(min = 0, max = 5) int keyLength, @ForAll boolean tanh, @ForAll long seed) {
        int length = Math.min(keyLength, m);
        AttentionInputs in = AttentionInputs.builder()
                .put("queries", GradientCheck.random(new int[] {2, n, DQ}, seed, -2, 2))
                .put("keys", GradientCheck.random(new int[] {2, m, DK}, seed + 1, -2, 2), m, length)
                .put("values", GradientCheck.random(new int[] {2, m, DV}, seed + 2, -2, 2), m, length)
                .build();
        Tensor w1 = GradientCheck.random(new int[] {HIDDEN, DQ}, seed + 3, -1, 1);
        Tensor w2 = GradientCheck.random(new int[] {HIDDEN, DK}, seed + 4, -1, 1);
        Tensor b1 = GradientCheck.random(new int[] {1, HIDDEN}, seed + 5, -1, 1);
        Tensor row = GradientCheck.random(new int[] {1, HIDDEN}, seed + 6, -1, 1);
        double beta = GradientCheck.random(new int[] {1, 1}, seed + 7, -1, 1).at(0);
        double[] w = new double[DV * HIDDEN];
        double[] b = new double[DV];
        for (int c = 0; c < DV; c++) {
            b[c] = beta;
            for (int h = 0; h < HIDDEN; h++) {
                w[c * HIDDEN + h] = row.at(h);
            }
        }
        Variant md = InputFixtures.create(Fixtures.provider("multidimensional"),
                Map.of("inputs", "cross", "hidden", HIDDEN, "activation", tanh ? "tanh" : "elu"),
                Map.of("queries", DQ, "keys", DK, "values", DV)).withParameters(Parameters.of(Map.of(
                        "variant.W_1", w1, "variant.W_2", w2, "variant.b_1", b1,
                        "variant.W", Tensor.of(DType.FLOAT64, new int[] {DV, HIDDEN}, w),
                        "variant.b", Tensor.of(DType.FLOAT64, new int[] {1, DV}, b))));
        Variant global = Fixtures.global(new SharedScore(w1, w2, b1, row, beta, tanh), ReferenceComponents.softmax());
        AttentionResult r = md.forward(in);
        AttentionResult g = global.forward(in);
        assertArrayEquals(g.output().toDoubleArray(), r.output().toDoubleArray(), 1e-12, "output");
        Tensor gw = g.weights().orElseThrow();
        Tensor mw = r.weights().orElseThrow();
        assertArrayEquals(new int[] {2, n, m, DV}, mw.shape());
        for (int k = 0; k < gw.size(); k++) {
            for (int c = 0; c < DV; c++) {
                assertEquals(gw.at(k), mw.at(k * DV + c), 1e-12, "weight " + k + " feature " + c);
            }
        }
    }

    /** {@code a(k, q) = r·σ(W_1 q + W_2 k + b_1) + β}: the one score every feature shares. */
    private record SharedScore(Tensor w1, Tensor w2, Tensor b1, Tensor r, double beta, boolean tanh)
            implements Alignment {
        @Override
        public Tensor scores(Tensor q, Tensor k) {
            int[] shape = q.shape();
            shape[shape.length - 1] = k.rows();
            Tensor.Builder s = Tensor.builder(q.dtype(), shape);
            for (int b = 0; b < q.batchSize(); b++) {
                for (int i = 0; i < q.rows(); i++) {
                    for (int j = 0; j < k.rows(); j++) {
                        double score = beta;
                        for (int h = 0; h < r.cols(); h++) {
                            double u = b1.at(h);
                            for (int c = 0; c < q.cols(); c++) {
                                u += w1.get(h, c) * q.get(b, i, c);
                            }
                            for (int c = 0; c < k.cols(); c++) {
                                u += w2.get(h, c) * k.get(b, j, c);
                            }
                            score += r.at(h) * (tanh ? Math.tanh(u) : u > 0 ? u : Math.exp(u) - 1);
                        }
                        s.set(b, i, j, score);
                    }
                }
            }
            return s.build();
        }

        @Override
        public AlignmentGradients backward(Tensor q, Tensor k, Tensor g) {
            throw new UnsupportedOperationException("forward only");
        }
    }
}
