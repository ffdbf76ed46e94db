package dev.attention.variants;

import static dev.attention.variants.Fixtures.shape;
import static dev.attention.variants.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.tck.ReferenceComponents;
import org.junit.jupiter.api.Test;

/** Results worked out by hand; each test's comment shows the arithmetic. */
class GlobalHandComputedTest {

    @Test
    void product_alignment_with_normalize_gives_the_x_weighted_mean_of_y() {
        // keys x = (1, 2, 3, 4), values y = (2, 4, 5, 8), query q > 0.
        // a(x_j, q) = q·x_j, f(s)_j = s_j / Σs = x_j / Σx, so q cancels:
        // prediction = Σ x_j y_j / Σ x_j = (1·2 + 2·4 + 3·5 + 4·8) / (1+2+3+4) = (2+8+15+32)/10 = 5.7
        Variant v = Fixtures.global(ReferenceComponents.dot(), TestComponents.normalize());
        Tensor keys = t(shape(4, 1), 1, 2, 3, 4);
        Tensor values = t(shape(4, 1), 2, 4, 5, 8);
        for (double q : new double[] {2.5, 0.1, 1000}) {
            AttentionResult r = v.forward(AttentionInputs.builder()
                    .put("queries", t(shape(1, 1), q)).put("keys", keys).put("values", values).build());
            assertEquals(5.7, r.output().get(0, 0), 1e-12, "q = " + q);
            // weights x_j / 10
            assertEquals(0.1, r.weights().orElseThrow().get(0, 0), 1e-12);
            assertEquals(0.4, r.weights().orElseThrow().get(0, 3), 1e-12);
        }
    }

    @Test
    void softmax_over_two_keys() {
        // query ln 3, keys (0, 1) ⇒ scores (0, ln 3) ⇒ exp = (1, 3) ⇒ weights (1/4, 3/4).
        // values (4, 8): output = 4/4 + 3·8/4 = 1 + 6 = 7.
        Variant v = Fixtures.global(ReferenceComponents.dot(), ReferenceComponents.softmax());
        AttentionResult r = v.forward(AttentionInputs.builder()
                .put("queries", t(shape(1, 1), Math.log(3)))
                .put("keys", t(shape(2, 1), 0, 1))
                .put("values", t(shape(2, 1), 4, 8))
                .build());
        Tensor w = r.weights().orElseThrow();
        assertEquals(0.25, w.get(0, 0), 1e-12);
        assertEquals(0.75, w.get(0, 1), 1e-12);
        assertEquals(7.0, r.output().get(0, 0), 1e-12);
    }

    @Test
    void each_query_row_and_each_value_column_is_handled_separately() {
        // Two queries, 2-d values. Query 0 = 0 ⇒ scores (0, 0) ⇒ weights (1/2, 1/2)
        //   ⇒ output = ((1+3)/2, (10+30)/2) = (2, 20).
        // Query 1 = ln 3 ⇒ weights (1/4, 3/4) ⇒ output = (1/4 + 9/4, 10/4 + 90/4) = (2.5, 25).
        Variant v = Fixtures.global(ReferenceComponents.dot(), ReferenceComponents.softmax());
        AttentionResult r = v.forward(AttentionInputs.builder()
                .put("queries", t(shape(2, 1), 0, Math.log(3)))
                .put("keys", t(shape(2, 1), 0, 1))
                .put("values", t(shape(2, 2), 1, 10, 3, 30))
                .build());
        assertEquals(2.0, r.output().get(0, 0), 1e-12);
        assertEquals(20.0, r.output().get(0, 1), 1e-12);
        assertEquals(2.5, r.output().get(1, 0), 1e-12);
        assertEquals(25.0, r.output().get(1, 1), 1e-12);
    }

    @Test
    void output_takes_the_queries_dtype_and_values_are_converted() {
        // float32 queries with float64 values: output and weights are float32.
        Variant v = Fixtures.global(ReferenceComponents.dot(), ReferenceComponents.softmax());
        AttentionResult r = v.forward(AttentionInputs.builder()
                .put("queries", t(shape(1, 1), Math.log(3)).to(DType.FLOAT32))
                .put("keys", t(shape(2, 1), 0, 1))
                .put("values", t(shape(2, 1), 4, 8))
                .build());
        assertEquals(DType.FLOAT32, r.output().dtype());
        assertEquals(DType.FLOAT32, r.weights().orElseThrow().dtype());
        assertEquals(7.0, r.output().get(0, 0), 1e-5);
    }

    @Test
    void backward_of_the_two_key_case() {
        // Forward as in softmax_over_two_keys: s = (0, ln3), w = (1/4, 3/4), y = 4/4 + 8·3/4 = 7.
        // With dL/dy = 1: dL/dw = (4, 8); softmax: ds_j = w_j (g_j − Σ w g) with Σ w g = 7
        //   ⇒ ds = (1/4·(4−7), 3/4·(8−7)) = (−3/4, 3/4).
        // dot: s_j = q·k_j ⇒ dq = Σ ds_j k_j = 3/4; dk_j = ds_j q = (−3/4·ln3, 3/4·ln3).
        // dV_j = w_j · dL/dy = (1/4, 3/4).
        Variant v = Fixtures.global(ReferenceComponents.dot(), ReferenceComponents.softmax());
        AttentionInputs in = AttentionInputs.builder()
                .put("queries", t(shape(1, 1), Math.log(3)))
                .put("keys", t(shape(2, 1), 0, 1))
                .put("values", t(shape(2, 1), 4, 8))
                .build();
        AttentionResult r = v.forward(in);
        var g = v.backward(in, r, java.util.Map.of(AttentionResult.OUTPUT, t(shape(1, 1), 1)));
        assertEquals(0.75, g.inputs().get("queries").at(0), 1e-12);
        assertEquals(-0.75 * Math.log(3), g.inputs().get("keys").at(0), 1e-12);
        assertEquals(0.75 * Math.log(3), g.inputs().get("keys").at(1), 1e-12);
        assertEquals(0.25, g.inputs().get("values").at(0), 1e-12);
        assertEquals(0.75, g.inputs().get("values").at(1), 1e-12);
        assertEquals(true, g.parameters().isEmpty());
    }
}
