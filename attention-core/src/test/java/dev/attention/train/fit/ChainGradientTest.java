package dev.attention.train.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.core.Attention;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reverse-mode gradient of the whole chain, loss → head → pipeline, against central finite
 * differences of the loss, for every parameter element.
 */
class ChainGradientTest {
    private static final double H = 1e-6;

    @Test
    void cross_entropy_through_a_head_and_additive_pooling() {
        Pipeline p = Attention.engine().pipeline().variant("pooling", Map.of("hidden", 3))
                .alignment("additive", Map.of("hidden", 4)).width("sequence", 3).seed(5).build();
        Random r = new Random(1);
        Tensor seq = random(r, 4, 5, 3);
        Head head = new Initializer(new Init.Xavier(), 2).head(DType.FLOAT64, 3, 3);
        Tensor labels = Tensor.of(DType.FLOAT64, new int[] {4, 1, 1}, 0, 2, 1, 2);
        AttentionInputs in = AttentionInputs.builder().put("sequence", seq, 5, 3, 4, 1).build();
        check(Loss.CROSS_ENTROPY, p, head, new Objective.Batch(in, labels, Optional.empty()));
    }

    @Test
    void mse_through_leave_one_out_gaussian_kernel_regression() {
        Pipeline p = Attention.engine().pipeline().alignment("gaussian", Map.of("sigma", 0.7))
                .width("queries", 1).width("keys", 1).build();
        Random r = new Random(2);
        Tensor x = random(r, 6, 1);
        Tensor y = random(r, 6, 1);
        AttentionInputs in = AttentionInputs.builder().put("queries", x).put("keys", x).put("values", y)
                .mask((b, i, j) -> i != j).build();
        check(Loss.MSE, p, null, new Objective.Batch(in, y, Optional.empty()));
    }

    private static void check(Loss loss, Pipeline pipeline, Head head, Objective.Batch batch) {
        Map<String, double[]> analytic = Objective.evaluate(loss, pipeline, head, batch, true).gradients();
        Parameters all = head == null ? pipeline.parameters() : pipeline.parameters().concat(head.parameters());
        int checked = 0;
        for (Map.Entry<String, Tensor> e : all.asMap().entrySet()) {
            double[] base = e.getValue().toDoubleArray();
            for (int k = 0; k < base.length; k++) {
                double up = lossWith(loss, pipeline, head, batch, all, e.getKey(), k, base[k] + H);
                double down = lossWith(loss, pipeline, head, batch, all, e.getKey(), k, base[k] - H);
                double numeric = (up - down) / (2 * H);
                double got = analytic.get(e.getKey())[k];
                assertEquals(numeric, got, 1e-6 + 1e-4 * Math.abs(numeric), e.getKey() + "[" + k + "]");
                checked++;
            }
        }
        assertTrue(checked > 0);
    }

    private static double lossWith(Loss loss, Pipeline pipeline, Head head, Objective.Batch batch, Parameters all,
            String name, int k, double value) {
        double[] v = all.get(name).toDoubleArray();
        v[k] = value;
        Map<String, Tensor> changed = new LinkedHashMap<>(all.asMap());
        changed.put(name, Tensor.of(DType.FLOAT64, all.get(name).shape(), v));
        Parameters moved = Parameters.of(changed);
        Map<String, Tensor> own = new LinkedHashMap<>();
        moved.asMap().forEach((n, t) -> {
            if (!Head.owns(n)) {
                own.put(n, t);
            }
        });
        return Objective.evaluate(loss, pipeline.withParameters(Parameters.of(own)),
                head == null ? null : Head.of(moved), batch, false).loss();
    }

    private static Tensor random(Random r, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = r.nextGaussian();
        }
        return Tensor.of(DType.FLOAT64, shape, v);
    }
}
