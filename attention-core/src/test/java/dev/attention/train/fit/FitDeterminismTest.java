package dev.attention.train.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.core.Attention;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Same pipeline, data, options and seed ⇒ bit-identical fitted parameters. */
class FitDeterminismTest {

    private static FitResult fit(DType dtype, long seed) {
        Pipeline p = Attention.engine().pipeline().variant("pooling").alignment("additive", Map.of("hidden", 4))
                .width("sequence", 3).dtype(dtype).build();
        Random r = new Random(3);
        int n = 12;
        double[] seq = new double[n * 4 * 3];
        for (int k = 0; k < seq.length; k++) {
            seq[k] = r.nextGaussian();
        }
        double[] labels = new double[n];
        for (int k = 0; k < n; k++) {
            labels[k] = seq[k * 12] > 0 ? 1 : 0;
        }
        AttentionInputs in = AttentionInputs.builder()
                .put("sequence", Tensor.of(DType.FLOAT64, new int[] {n, 4, 3}, seq)).build();
        FitOptions o = FitOptions.builder().loss(Loss.CROSS_ENTROPY).head(2).epochs(5).batchSize(4)
                .validationSplit(0.25).init(new Init.Xavier()).clipNorm(1.0).seed(seed)
                .schedule(new Schedule.Cosine(0, 0.001)).build();
        return new Fitter().fit(p, new TrainingData(in, Tensor.matrix(DType.FLOAT64, column(labels))), o);
    }

    @Test
    void fitting_twice_gives_bit_identical_parameters_and_history() {
        for (DType dtype : DType.values()) {
            FitResult a = fit(dtype, 42);
            FitResult b = fit(dtype, 42);
            assertEquals(a.parameters(), b.parameters(), dtype.id());
            assertEquals(a.history(), b.history(), dtype.id());
        }
    }

    @Test
    void another_seed_gives_another_fit() {
        assertNotEquals(fit(DType.FLOAT64, 1).parameters(), fit(DType.FLOAT64, 2).parameters());
    }

    private static double[][] column(double[] v) {
        double[][] out = new double[v.length][];
        for (int k = 0; k < v.length; k++) {
            out[k] = new double[] {v[k]};
        }
        return out;
    }
}
