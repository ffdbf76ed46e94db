package dev.attention.train.fit;

import dev.attention.api.DataException;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Arrays;
import java.util.Optional;

/** Value and gradient of a {@link Loss} over the real rows of one batch. */
final class LossFunction {
    private LossFunction() {
    }

    /**
     * @param value    the mean loss
     * @param gradient {@code dLoss/dPrediction}, flat like the prediction (zero on padded rows)
     * @param rows     real rows that counted
     * @param correct  for cross-entropy, counted rows whose largest logit (the first, on ties) is the
     *                 target class; 0 for mse
     */
    record Value(double value, double[] gradient, int rows, int correct) {
    }

    static Value evaluate(Loss loss, Tensor prediction, Tensor targets, Optional<int[]> lengths) {
        return evaluate(loss, prediction, targets, lengths, Optional.empty());
    }

    /**
     * @param prediction {@code [batch…, rows, C]}
     * @param targets    {@code [batch…, rows, C]} (mse) or {@code [batch…, rows, 1]} (cross-entropy)
     * @param lengths    real rows per batch element, or empty when every row is real
     * @param counted    {@code [batch…, rows, 1]}: rows whose cell is 0 do not count (nor get a
     *                   gradient); empty = every real row counts
     */
    static Value evaluate(Loss loss, Tensor prediction, Tensor targets, Optional<int[]> lengths,
            Optional<Tensor> counted) {
        int cols = prediction.cols();
        int rows = prediction.rows();
        int expectedCols = loss == Loss.MSE ? cols : 1;
        if (!Arrays.equals(prediction.batchShape(), targets.batchShape()) || targets.rows() != rows
                || targets.cols() != expectedCols) {
            throw new ShapeException("targets of shape " + ShapeException.format(targets.shape())
                    + " do not fit the prediction " + ShapeException.format(prediction.shape()) + " under "
                    + loss.id() + (loss == Loss.MSE ? " (same shape needed)" : " (one class column needed)"));
        }
        int real = 0;
        for (int b = 0; b < prediction.batchSize(); b++) {
            int len = lengths.isPresent() ? Math.min(lengths.get()[b], rows) : rows;
            for (int i = 0; i < len; i++) {
                real += counts(counted, b, i) ? 1 : 0;
            }
        }
        double[] grad = new double[prediction.size()];
        if (real == 0) {
            return new Value(0, grad, 0, 0);
        }
        double sum = 0;
        int correct = 0;
        double[] p = new double[cols];
        for (int b = 0; b < prediction.batchSize(); b++) {
            int len = lengths.isPresent() ? Math.min(lengths.get()[b], rows) : rows;
            for (int i = 0; i < len; i++) {
                if (!counts(counted, b, i)) {
                    continue;
                }
                int base = (b * rows + i) * cols;
                if (loss == Loss.MSE) {
                    double scale = 2.0 / ((double) real * cols);
                    for (int c = 0; c < cols; c++) {
                        double d = prediction.at(base + c) - targets.get(b, i, c);
                        sum += d * d / cols;
                        grad[base + c] = scale * d;
                    }
                } else {
                    int y = classOf(targets.get(b, i, 0), cols, b, i);
                    prediction.copyRow(b, i, p);
                    double max = Double.NEGATIVE_INFINITY;
                    int argmax = 0;
                    for (int c = 0; c < cols; c++) {
                        if (p[c] > max) {
                            max = p[c];
                            argmax = c;
                        }
                    }
                    correct += argmax == y ? 1 : 0;
                    double z = 0;
                    for (int c = 0; c < cols; c++) {
                        z += Math.exp(p[c] - max);
                    }
                    double logZ = max + Math.log(z);
                    sum += logZ - p[y];
                    for (int c = 0; c < cols; c++) {
                        double softmax = Math.exp(p[c] - logZ);
                        grad[base + c] = (softmax - (c == y ? 1 : 0)) / real;
                    }
                }
            }
        }
        return new Value(sum / real, grad, real, correct);
    }

    private static boolean counts(Optional<Tensor> counted, int b, int i) {
        return counted.isEmpty() || counted.get().get(b, i, 0) != 0;
    }

    private static int classOf(double v, int classes, int b, int i) {
        int y = (int) v;
        if (y != v || y < 0 || y >= classes) {
            throw new DataException(null, 0, null, "cross-entropy target " + v + " (batch " + b + ", row " + i
                    + ") is not a class index 0.." + (classes - 1) + "; the prediction has " + classes
                    + " columns (set head.outputs to the number of classes)");
        }
        return y;
    }
}
