package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link Pipeline#run} promises about its inputs: converted to its dtype, bound exactly. */
class PipelineInputsTest {
    private final AttentionEngine engine = Attention.engine();

    private static final Tensor Q = Tensor.matrix(DType.FLOAT64, new double[] {0.1}, new double[] {0.7});
    private static final Tensor K = Tensor.matrix(DType.FLOAT64, new double[] {0.3}, new double[] {1.1});
    private static final Tensor V = Tensor.matrix(DType.FLOAT64, new double[] {1.0 / 3}, new double[] {2.0 / 3});

    @Test
    void float64_inputs_run_in_a_float32_pipeline_give_float32_results() {
        Pipeline p = engine.pipeline().alignment("dot").distribution("normalize").dtype(DType.FLOAT32).build();
        AttentionResult r = p.run(AttentionInputs.of(Map.of("queries", Q, "keys", K, "values", V)));
        assertEquals(DType.FLOAT32, r.output().dtype());
        assertEquals(DType.FLOAT32, r.weights().orElseThrow().dtype());
        // Converting first is the contract: the same as feeding float32 tensors yourself.
        AttentionResult same = p.run(AttentionInputs.of(Map.of("queries", Q.to(DType.FLOAT32),
                "keys", K.to(DType.FLOAT32), "values", V.to(DType.FLOAT32))));
        assertEquals(same.output(), r.output());
        // dot + normalize: every query predicts Σ k v / Σ k = (0.3/3 + 1.1·2/3) / 1.4 = 2.5/4.2, to float precision.
        assertArrayEquals(new double[] {2.5 / 4.2, 2.5 / 4.2}, r.output().toDoubleArray(), 1e-6);
    }

    @Test
    void conversion_keeps_the_padding_lengths() {
        // Keys [1, 2, 1] with length 1: only key 0.3 is real, so its value 1/3 is the whole output.
        Tensor k = Tensor.of(DType.FLOAT64, new int[] {1, 2, 1}, 0.3, 1.1);
        Tensor v = Tensor.of(DType.FLOAT64, new int[] {1, 2, 1}, 1.0 / 3, 2.0 / 3);
        Tensor q = Tensor.of(DType.FLOAT64, new int[] {1, 1, 1}, 0.5);
        AttentionInputs in = AttentionInputs.builder().put("queries", q).put("keys", k, 1).put("values", v, 1).build();
        Pipeline p = engine.pipeline().alignment("dot").distribution("softmax").dtype(DType.FLOAT32).build();
        Tensor out = p.run(in).output();
        assertEquals(DType.FLOAT32, out.dtype());
        assertEquals((float) (1.0 / 3), (float) out.at(0));
    }

    @Test
    void an_input_the_variant_does_not_take_is_refused_by_name() {
        Pipeline p = engine.pipeline().build();
        AttentionException e = assertThrows(AttentionException.class, () -> p.run(AttentionInputs.of(
                Map.of("queries", Q, "keys", K, "values", V, "mask", Q))));
        assertTrue(e.getMessage().contains("input 'mask' is not taken"), e.getMessage());
        assertTrue(e.getMessage().contains("it takes keys, queries, values"), e.getMessage());
    }

    @Test
    void a_missing_input_is_refused_by_name() {
        Pipeline p = engine.pipeline().build();
        AttentionException e = assertThrows(AttentionException.class,
                () -> p.run(AttentionInputs.of(Map.of("queries", Q, "keys", K))));
        assertTrue(e.getMessage().contains("needs input 'values'"), e.getMessage());
    }
}
