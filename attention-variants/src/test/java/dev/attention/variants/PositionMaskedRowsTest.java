package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.api.spi.VariantProvider;
import dev.attention.tck.GradientCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rows with nothing to attend to (a batch element without real keys, padded query rows) give
 * zero weights and outputs and finite gradients, never NaN, in every by-position variant. In the
 * forward pass the padding holds NaN to prove it is never read; the backward pass gets finite junk
 * instead, because alignments multiply padding by its zero score gradient (0 · NaN = NaN).
 */
class PositionMaskedRowsTest {

    private static final List<Object[]> VARIANTS = List.of(
            new Object[] {Fixtures.provider("hard"), Map.of("k", 2)},
            new Object[] {Fixtures.provider("hard"), Map.of("k", 2, "mode", "sample")},
            new Object[] {Fixtures.provider("local-m"), Map.of("window", 1)},
            new Object[] {Fixtures.provider("local-p"), Map.of()},
            new Object[] {Fixtures.provider("area"), Map.of()});

    /** Batch element 0: 2 real queries, 3 real keys; element 1: no real key. Padding is {@code junk}. */
    private static AttentionInputs inputs(double junk) {
        return AttentionInputs.builder()
                .put("queries", pad(GradientCheck.random(new int[] {2, 3, 2}, 31, -1, 1), new int[] {2, 3}, junk), 2, 3)
                .put("keys", pad(GradientCheck.random(new int[] {2, 4, 2}, 32, -1, 1), new int[] {3, 0}, junk), 3, 0)
                .put("values", pad(GradientCheck.random(new int[] {2, 4, 2}, 33, -1, 1), new int[] {3, 0}, junk), 3, 0)
                .build();
    }

    @Test
    void fully_masked_rows_are_zero_and_gradients_finite() {
        AttentionInputs in = inputs(Double.NaN);
        AttentionInputs finite = inputs(7);
        for (Object[] c : VARIANTS) {
            VariantProvider p = (VariantProvider) c[0];
            @SuppressWarnings("unchecked")
            Map<String, Object> config = (Map<String, Object>) c[1];
            Variant v = PositionFixtures.create(p, config, 0, in);
            String what = p.id() + " " + config;
            AttentionResult r = v.forward(in);
            for (Map.Entry<String, Tensor> e : r.asMap().entrySet()) {
                assertTrue(e.getValue().isFinite(), what + ": " + e.getKey() + " " + e.getValue());
            }
            Tensor w = r.weights().orElseThrow();
            for (int j = 0; j < w.cols(); j++) {
                assertEquals(0.0, w.get(0, 2, j), what + ": padded query row");
                for (int i = 0; i < 3; i++) {
                    assertEquals(0.0, w.get(1, i, j), what + ": element without keys");
                }
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(0.0, r.output().get(1, i, 0), what);
            }
            VariantGradients g = v.backward(finite, v.forward(finite),
                    Map.of("output", GradientCheck.probe(r.output().shape(), 34)));
            for (Map.Entry<String, Tensor> e : g.inputs().entrySet()) {
                assertTrue(e.getValue().isFinite(), what + ": d" + e.getKey() + " " + e.getValue());
            }
            for (Tensor t : g.parameters().asMap().values()) {
                assertTrue(t.isFinite(), what + ": parameter gradient " + t);
            }
        }
    }

    /** {@code junk} in every row at or past {@code lengths[b]}. */
    private static Tensor pad(Tensor t, int[] lengths, double junk) {
        double[] v = t.toDoubleArray();
        int rows = t.rows();
        int cols = t.cols();
        for (int b = 0; b < lengths.length; b++) {
            for (int r = lengths[b]; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    v[(b * rows + r) * cols + c] = junk;
                }
            }
        }
        return Tensor.of(DType.FLOAT64, t.shape(), v);
    }
}
