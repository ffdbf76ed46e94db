package dev.attention.train.fit;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.api.VariantGradients;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The loss of one batch and, in reverse mode, its gradient with respect to every parameter:
 * {@code dL/dprediction → head → pipeline.backward(…, {output: dL/doutput})}. No finite differences.
 */
final class Objective {
    private Objective() {
    }

    /**
     * Inputs and targets of one batch; targets already have the prediction's leading shape, and so
     * has {@code counted} ({@code [batch…, rows, 1]}, 0 = the row does not count; empty = all count).
     */
    record Batch(AttentionInputs inputs, Tensor targets, Optional<int[]> targetLengths, Optional<Tensor> counted) {
        Batch(AttentionInputs inputs, Tensor targets, Optional<int[]> targetLengths) {
            this(inputs, targets, targetLengths, Optional.empty());
        }

        /** The same batch for optimiser step {@code step}, which training-time randomness depends on. */
        Batch atStep(long step) {
            return new Batch(inputs.withStep(step), targets, targetLengths, counted);
        }
    }

    /**
     * @param loss      mean loss over the batch's real rows
     * @param rows      how many rows counted
     * @param correct   for cross-entropy, counted rows predicted right (largest logit); 0 for mse
     * @param result    the pipeline's forward result
     * @param gradients per parameter name (pipeline's, then the head's), flat; empty when not asked
     */
    record Evaluation(double loss, int rows, int correct, AttentionResult result, Map<String, double[]> gradients) {
        /** Share of counted rows predicted right; NaN for mse or when no row counted. */
        double accuracy(Loss loss) {
            return loss == Loss.CROSS_ENTROPY && rows > 0 ? (double) correct / rows : Double.NaN;
        }
    }

    static Evaluation evaluate(Loss loss, Pipeline pipeline, Head head, Batch batch, boolean withGradients) {
        AttentionResult result = pipeline.run(batch.inputs());
        Tensor output = result.output();
        Tensor prediction = head == null ? output : head.apply(output);
        LossFunction.Value v = LossFunction.evaluate(loss, prediction, batch.targets(), batch.targetLengths(),
                batch.counted());
        Map<String, double[]> grads = new LinkedHashMap<>();
        if (!withGradients) {
            return new Evaluation(v.value(), v.rows(), v.correct(), result, grads);
        }
        double[] dOutput = v.gradient();
        double[] dWeight = null;
        double[] dBias = null;
        if (head != null) {
            int rows = output.batchSize() * output.rows();
            int in = head.inputs();
            int out = head.outputs();
            Tensor w = head.parameters().get(Head.WEIGHT);
            dWeight = new double[out * in];
            dBias = new double[out];
            dOutput = new double[output.size()];
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < out; o++) {
                    double g = v.gradient()[r * out + o];
                    if (g == 0) {
                        continue;
                    }
                    dBias[o] += g;
                    for (int c = 0; c < in; c++) {
                        dWeight[o * in + c] += g * output.at(r * in + c);
                        dOutput[r * in + c] += g * w.at(o * in + c);
                    }
                }
            }
        }
        Tensor dOut = Tensor.of(output.dtype(), output.shape(), dOutput);
        VariantGradients vg = pipeline.backward(batch.inputs(), result, Map.of(AttentionResult.OUTPUT, dOut));
        Parameters own = pipeline.parameters();
        for (Map.Entry<String, Tensor> e : own.asMap().entrySet()) {
            // A parameter the backward pass leaves out does not influence this loss.
            grads.put(e.getKey(), vg.parameters().find(e.getKey()).map(Tensor::toDoubleArray)
                    .orElseGet(() -> new double[e.getValue().size()]));
        }
        if (head != null) {
            grads.put(Head.WEIGHT, dWeight);
            grads.put(Head.BIAS, dBias);
        }
        return new Evaluation(v.value(), v.rows(), v.correct(), result, grads);
    }
}
