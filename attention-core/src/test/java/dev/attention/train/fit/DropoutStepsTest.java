package dev.attention.train.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.InputSpec;
import dev.attention.api.Mode;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.api.VariantGradients;
import dev.attention.core.Attention;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Training passes are numbered ({@code AttentionInputs.step()}) so attention dropout draws a new mask
 * per optimiser step, and a fit with dropout is still bit-identical for the same seed.
 */
class DropoutStepsTest {

    private static Pipeline multiHead(double dropout) {
        return Attention.engine().pipeline().variant("multi-head", Map.of("heads", 2, "dim", 4, "dropout", dropout))
                .width("sequence", 2).seed(1).build();
    }

    private static TrainingData data() {
        Random r = new Random(4);
        int n = 8;
        int len = 4;
        double[] seq = new double[n * len * 2];
        double[] targets = new double[n * len];
        for (int s = 0; s < n; s++) {
            int marked = r.nextInt(len);
            for (int t = 0; t < len; t++) {
                seq[(s * len + t) * 2] = r.nextGaussian();
                seq[(s * len + t) * 2 + 1] = t == marked ? 1 : 0;
            }
            for (int t = 0; t < len; t++) {
                targets[s * len + t] = seq[(s * len + marked) * 2];
            }
        }
        AttentionInputs in = AttentionInputs.builder()
                .put("sequence", Tensor.of(DType.FLOAT64, new int[] {n, len, 2}, seq)).build();
        return new TrainingData(in, Tensor.of(DType.FLOAT64, new int[] {n * len, 1}, targets));
    }

    private static FitOptions options(int batchSize) {
        return FitOptions.builder().loss(Loss.MSE).head(1).epochs(3).batchSize(batchSize).seed(9).build();
    }

    @Test
    void the_fitter_numbers_its_training_passes_zero_one_two() {
        List<Long> steps = new ArrayList<>();
        new Fitter().fit(new Recording(multiHead(0.3), steps), data(), options(4));
        // 8 examples in batches of 4: 2 steps per epoch, 3 epochs.
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), steps);
    }

    @Test
    void a_fit_with_dropout_is_reproducible_and_dropout_changes_it() {
        FitResult a = new Fitter().fit(multiHead(0.3), data(), options(8));
        FitResult b = new Fitter().fit(multiHead(0.3), data(), options(8));
        assertEquals(a.parameters(), b.parameters());
        assertEquals(a.history(), b.history());
        assertNotEquals(a.parameters(), new Fitter().fit(multiHead(0), data(), options(8)).parameters());
    }

    /** Delegates, noting the step of every training pass. */
    private record Recording(Pipeline inner, List<Long> steps) implements Pipeline {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public DType dtype() {
            return inner.dtype();
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public List<InputSpec> inputs() {
            return inner.inputs();
        }

        @Override
        public AttentionResult run(AttentionInputs inputs) {
            if (inputs.mode() == Mode.TRAIN) {
                steps.add(inputs.step());
            }
            return inner.run(inputs);
        }

        @Override
        public VariantGradients backward(AttentionInputs inputs, AttentionResult result, Map<String, Tensor> g) {
            return inner.backward(inputs, result, g);
        }

        @Override
        public Parameters parameters() {
            return inner.parameters();
        }

        @Override
        public Pipeline withParameters(Parameters parameters) {
            return new Recording(inner.withParameters(parameters), steps);
        }
    }
}
