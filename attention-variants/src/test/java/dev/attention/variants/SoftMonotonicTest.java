package dev.attention.variants;

import static dev.attention.variants.Fixtures.shape;
import static dev.attention.variants.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Mode;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.StreamForm;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.GradientCheck;
import dev.attention.tck.ReferenceComponents;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The training pass of monotonic attention and MoChA against the papers' closed forms (computed
 * here by their sums and products, not by the recurrence), its gradients by finite differences in
 * float64 (training mode, noise, padding, learnable components), and when each pass runs.
 * Scalar keys (−1, 2, −1, 3), values (10, 20, 30, 40), the dot alignment: e_ij = q_i k_j.
 */
class SoftMonotonicTest {
    private static final double[] K = {-1, 2, -1, 3};
    private static final double[] V = {10, 20, 30, 40};
    private static final double[] Q = {1, -1, 0.5};
    private static final double R = -0.5;

    private static AttentionInputs inputs(Mode mode, double... queries) {
        return AttentionInputs.builder().put("queries", t(shape(queries.length, 1), queries))
                .put("keys", t(shape(4, 1), K)).put("values", t(shape(4, 1), V)).mode(mode).build();
    }

    private static Variant create(String id, Map<String, Object> config, Alignment a, Distribution f) {
        VariantProvider p = Fixtures.provider(id);
        return p.create(PluginContext.builder(p.id(), p.parameters()).parameters(config).dtype(DType.FLOAT64)
                .seed(42).alignment(a).distribution(f).build());
    }

    private static Variant create(String id, Map<String, Object> config) {
        return create(id, config, ReferenceComponents.dot(), ReferenceComponents.softmax());
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Raffel et al. eq. 9: α_ij = p_ij Σ_{k≤j} α_i−1,k Π_{k≤l<j} (1 − p_il), α_0 = δ_j0. */
    private static double[][] closedFormAlpha(double[] q, double[] k, double r) {
        double[][] alpha = new double[q.length][k.length];
        double[] previous = new double[k.length];
        previous[0] = 1;
        for (int i = 0; i < q.length; i++) {
            for (int j = 0; j < k.length; j++) {
                double sum = 0;
                for (int s = 0; s <= j; s++) {
                    double product = 1;
                    for (int l = s; l < j; l++) {
                        product *= 1 - sigmoid(q[i] * k[l] + r);
                    }
                    sum += previous[s] * product;
                }
                alpha[i][j] = sigmoid(q[i] * k[j] + r) * sum;
            }
            previous = alpha[i];
        }
        return alpha;
    }

    @Test
    void the_expected_alignment_is_the_papers_closed_form() {
        AttentionResult r = create("monotonic", Map.of("offset", R, "mode", "soft")).forward(inputs(Mode.EVAL, Q));
        double[][] alpha = closedFormAlpha(Q, K, R);
        Tensor w = r.weights().orElseThrow();
        for (int i = 0; i < Q.length; i++) {
            double out = 0;
            for (int j = 0; j < K.length; j++) {
                assertEquals(alpha[i][j], w.get(i, j), 1e-14, "α[" + i + "][" + j + "]");
                out += alpha[i][j] * V[j];
            }
            assertEquals(out, r.output().get(i, 0), 1e-12, "output " + i);
        }
        // Query 0 by hand: p = σ(−1.5), σ(1.5), …: α_00 = σ(−1.5), α_01 = (1 − σ(−1.5)) σ(1.5).
        assertEquals(sigmoid(-1.5), w.get(0, 0), 1e-15);
        assertEquals((1 - sigmoid(-1.5)) * sigmoid(1.5), w.get(0, 1), 1e-15);
        // Positions are the argmax of α: key 1 for query 0.
        assertEquals(1.0, r.get("positions").get(0, 0));
    }

    @Test
    void mocha_soft_is_the_papers_chunkwise_beta() {
        int w = 2;
        AttentionResult r = create("mocha", Map.of("offset", R, "chunk", w, "mode", "soft")).forward(inputs(Mode.EVAL, Q));
        double[][] alpha = closedFormAlpha(Q, K, R);
        for (int i = 0; i < Q.length; i++) {
            double out = 0;
            for (int k = 0; k < K.length; k++) {
                // Chiu and Raffel eq. 20: β_ik = Σ_{j=k}^{k+w−1} α_ij exp(u_ik) / Σ_{l=j−w+1}^{j} exp(u_il).
                double beta = 0;
                for (int j = k; j <= Math.min(k + w - 1, K.length - 1); j++) {
                    double denominator = 0;
                    for (int l = Math.max(0, j - w + 1); l <= j; l++) {
                        denominator += Math.exp(Q[i] * K[l]);
                    }
                    beta += alpha[i][j] * Math.exp(Q[i] * K[k]) / denominator;
                }
                assertEquals(beta, r.weights().orElseThrow().get(i, k), 1e-14, "β[" + i + "][" + k + "]");
                out += beta * V[k];
            }
            assertEquals(out, r.output().get(i, 0), 1e-12);
        }
    }

    @Test
    void auto_mode_is_soft_when_fitting_and_hard_otherwise() {
        Variant auto = create("monotonic", Map.of("offset", R));
        Variant soft = create("monotonic", Map.of("offset", R, "mode", "soft"));
        Variant hard = create("monotonic", Map.of("offset", R, "mode", "hard"));
        AttentionInputs eval = inputs(Mode.EVAL, Q);
        AttentionInputs train = inputs(Mode.TRAIN, Q);
        // Hard by hand: q = 1 fires at key 1 (2 − 0.5 ≥ 0); q = −1 from 1 at key 2; q = 0.5 from 2 at key 3.
        assertArrayEquals(new double[] {20, 30, 40}, auto.forward(eval).output().toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 3}, auto.forward(eval).get("positions").toDoubleArray());
        assertArrayEquals(soft.forward(eval).output().toDoubleArray(), auto.forward(train).output().toDoubleArray());
        assertArrayEquals(hard.forward(eval).output().toDoubleArray(), hard.forward(train).output().toDoubleArray());
        assertNotEquals(auto.forward(eval).output().get(0, 0), auto.forward(train).output().get(0, 0));
    }

    @Test
    void sharp_energies_make_the_expected_alignment_the_hard_one_and_extreme_ones_stay_finite() {
        double[] sharp = {40, -40, 20};
        for (String id : new String[] {"monotonic", "mocha"}) {
            Map<String, Object> config = id.equals("mocha") ? Map.of("offset", R, "chunk", 1) : Map.of("offset", R);
            Variant v = create(id, config);
            AttentionResult hard = v.forward(inputs(Mode.EVAL, sharp));
            AttentionResult soft = v.forward(inputs(Mode.TRAIN, sharp));
            assertArrayEquals(hard.get("positions").toDoubleArray(), soft.get("positions").toDoubleArray(), id);
            assertArrayEquals(hard.output().toDoubleArray(), soft.output().toDoubleArray(), 1e-6, id);
        }
        AttentionResult extreme = create("mocha", Map.of("chunk", 3)).forward(inputs(Mode.TRAIN, 1e4, -1e4, 1e300));
        for (double x : extreme.weights().orElseThrow().toDoubleArray()) {
            assertTrue(Double.isFinite(x) && x >= 0 && x <= 1 + 1e-12, "weight " + x);
        }
        for (double x : extreme.output().toDoubleArray()) {
            assertTrue(Double.isFinite(x), "output " + x);
        }
    }

    @Test
    void noise_is_drawn_in_training_only_and_seeded_by_the_step() {
        Variant noisy = create("monotonic", Map.of("offset", R, "noise", 1.0));
        Variant quiet = create("monotonic", Map.of("offset", R, "mode", "soft"));
        Variant noisySoft = create("monotonic", Map.of("offset", R, "noise", 1.0, "mode", "soft"));
        AttentionInputs train = inputs(Mode.TRAIN, Q);
        double[] step0 = noisy.forward(train).output().toDoubleArray();
        assertArrayEquals(step0, noisy.forward(train).output().toDoubleArray(), "same step, same noise");
        assertFalse(java.util.Arrays.equals(step0, noisy.forward(train.withStep(1)).output().toDoubleArray()),
                "another step draws anew");
        assertFalse(java.util.Arrays.equals(step0, quiet.forward(train).output().toDoubleArray()), "noise is added");
        assertArrayEquals(quiet.forward(inputs(Mode.EVAL, Q)).output().toDoubleArray(),
                noisySoft.forward(inputs(Mode.EVAL, Q)).output().toDoubleArray(), "no noise outside training");
    }

    @Test
    void gradients_match_finite_differences_in_training_with_noise_padding_and_learnable_components() {
        Tensor q = GradientCheck.random(new int[] {2, 3, 2}, 21, -1, 1);
        Tensor k = GradientCheck.random(new int[] {2, 5, 2}, 22, -1, 1);
        Tensor v = GradientCheck.random(new int[] {2, 5, 3}, 23, -1, 1);
        AttentionInputs in = AttentionInputs.builder().put("queries", q, 3, 2).put("keys", k, 5, 3)
                .put("values", v, 5, 3).mode(Mode.TRAIN).step(7).build();
        Map<String, Map<String, Object>> configs = Map.of(
                "monotonic", Map.of("offset", 0.3, "noise", 0.5),
                "mocha", Map.of("offset", 0.3, "noise", 0.5, "chunk", 3));
        configs.forEach((id, config) -> {
            Variant variant = create(id, config, TestComponents.scaledDot(1.7), TestComponents.temperedSoftmax(0.8));
            AttentionResult r = variant.forward(in);
            Map<String, Tensor> probes = new HashMap<>();
            probes.put(AttentionResult.OUTPUT, GradientCheck.probe(r.output().shape(), 31));
            probes.put(AttentionResult.WEIGHTS, GradientCheck.probe(r.weights().orElseThrow().shape(), 32));
            VariantGradients g = variant.backward(in, r, probes);
            for (String name : in.names()) {
                GradientCheck.check(id + " input " + name, in.tensor(name),
                        x -> loss(variant.forward(in.with(name, x)), probes), g.inputs().get(name));
            }
            Parameters p = variant.parameters();
            assertEquals(p.names(), g.parameters().names(), id);
            for (String name : p.names()) {
                GradientCheck.check(id + " " + name, p.get(name), x -> loss(variant.withParameters(
                        p.map((n, t) -> n.equals(name) ? x : t)).forward(in), probes), g.parameters().get(name));
            }
        });
    }

    @Test
    void soft_mode_has_no_stream_form_and_auto_streams_hard_decisions() {
        VariantProvider p = Fixtures.provider("mocha");
        StreamForm soft = p.streamForm(PluginContext.builder(p.id(), p.parameters()).parameters(Map.of("mode", "soft"))
                .build());
        assertEquals(StreamForm.Kind.NONE, soft.kind());
        assertTrue(soft.problem().orElseThrow().contains("mode: soft"), soft.problem().orElseThrow());
        assertEquals(StreamForm.Kind.MONOTONIC, p.streamForm(PluginContext.builder(p.id(), p.parameters()).build()).kind());
    }

    private static double loss(AttentionResult r, Map<String, Tensor> probes) {
        double sum = 0;
        for (Map.Entry<String, Tensor> e : probes.entrySet()) {
            sum += GradientCheck.dot(r.get(e.getKey()), e.getValue());
        }
        return sum;
    }
}
