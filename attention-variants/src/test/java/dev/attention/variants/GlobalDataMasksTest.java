package dev.attention.variants;

import static dev.attention.variants.Fixtures.shape;
import static dev.attention.variants.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Global attention honours the inputs' key mask and score bias on both paths, by hand: one query
 * {@code q = 1} over keys {@code 0, 1, 2} (dot scores 0, 1, 2) and values 10, 20, 40.
 */
class GlobalDataMasksTest {
    private static final Tensor Q = t(shape(2, 1), 1, 1);
    private static final Tensor K = t(shape(3, 1), 0, 1, 2);
    private static final Tensor V = t(shape(3, 1), 10, 20, 40);
    private static final double E = Math.exp(1);

    /** kernel: components declaring the fused form; general: the same scores and weights undeclared. */
    private static Variant global(boolean kernel) {
        return kernel ? Fixtures.global(KernelComponents.dot(), KernelComponents.softmax(1))
                : Fixtures.global(KernelComponents.undeclared(KernelComponents.dot()),
                        KernelComponents.undeclared(KernelComponents.softmax(1)));
    }

    private static AttentionInputs.Builder inputs() {
        return AttentionInputs.builder().put("queries", Q).put("keys", K).put("values", V);
    }

    @ParameterizedTest(name = "kernel path {0}")
    @ValueSource(booleans = {true, false})
    void a_hidden_key_and_a_bias_change_the_scores_as_pytorch_would(boolean kernel) {
        // Key 1 hidden; bias −1 on key 2 for query 0; query 1 sees every key of its row but key 0 (−∞).
        double inf = Double.NEGATIVE_INFINITY;
        AttentionInputs in = inputs().keyMask(new boolean[] {true, false, true})
                .scoreBias(t(shape(2, 3), 0, 0, -1, inf, 0.5, 0)).build();
        AttentionResult r = global(kernel).forward(in);
        Tensor w = r.weights().orElseThrow();
        // Query 0: scores 0 and 2 − 1 = 1 over keys 0, 2 ⇒ weights 1/(1 + e), e/(1 + e).
        assertEquals(1 / (1 + E), w.get(0, 0), 1e-12);
        assertEquals(0.0, w.get(0, 1));
        assertEquals(E / (1 + E), w.get(0, 2), 1e-12);
        assertEquals((10 + 40 * E) / (1 + E), r.output().get(0, 0), 1e-12);
        // Query 1: key 0 is −∞, key 1 hidden ⇒ only key 2: weight 1, output 40.
        assertEquals(List.of(0.0, 0.0, 1.0), List.of(w.get(1, 0), w.get(1, 1), w.get(1, 2)));
        assertEquals(40.0, r.output().get(1, 0), 1e-12);
    }

    @ParameterizedTest(name = "kernel path {0}")
    @ValueSource(booleans = {true, false})
    void a_row_of_minus_infinity_gives_zeros_and_zero_gradients_never_nan(boolean kernel) {
        double inf = Double.NEGATIVE_INFINITY;
        AttentionInputs in = inputs().scoreBias(t(shape(1, 2, 3), inf, inf, inf, 0, 0, 0)).build();
        Variant v = global(kernel);
        AttentionResult r = v.forward(in);
        Tensor w = r.weights().orElseThrow();
        for (int j = 0; j < 3; j++) {
            assertEquals(0.0, w.get(0, j), "row 0 weight " + j);
        }
        assertEquals(0.0, r.output().get(0, 0));
        double total = 1 + E + E * E;
        assertEquals((10 + 20 * E + 40 * E * E) / total, r.output().get(1, 0), 1e-12);
        VariantGradients g = v.backward(in, r, Map.of(AttentionResult.OUTPUT, t(shape(2, 1), 1, 1)));
        assertEquals(0.0, g.inputs().get("queries").get(0, 0), "no gradient through a fully masked row");
        for (Tensor t : g.inputs().values()) {
            assertTrue(t.isFinite(), "finite gradients");
        }
    }

    @ParameterizedTest(name = "kernel path {0}")
    @ValueSource(booleans = {true, false})
    void masks_of_the_wrong_size_are_refused_naming_both_shapes(boolean kernel) {
        ShapeException e = assertThrows(ShapeException.class,
                () -> global(kernel).forward(inputs().keyMask(new boolean[] {true, false}).build()));
        assertTrue(e.getMessage().contains("key mask (key_padding_mask, attention_mask) has 2 entries but the keys need [batch, m] = [1, 3] = 3"),
                e.getMessage());
        e = assertThrows(ShapeException.class,
                () -> global(kernel).forward(inputs().scoreBias(t(shape(3, 2), 0, 0, 0, 0, 0, 0)).build()));
        assertTrue(e.getMessage().contains("score bias (attn_mask) has shape [3, 2] but the scores need [n, m] = [2, 3]"),
                e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY})
    void nan_and_plus_infinity_are_refused_by_the_builder(double bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> inputs().scoreBias(t(shape(2, 3), 0, 0, 0, 0, bad, 0)));
        assertTrue(e.getMessage().contains("score bias element 4 (row-major) is " + bad), e.getMessage());
    }
}
