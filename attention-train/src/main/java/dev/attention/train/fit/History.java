package dev.attention.train.fit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.List;
import org.apiguardian.api.API;

/**
 * What happened in each epoch of a fit, in order.
 *
 * @param epochs one entry per epoch run
 */
@API(status = MAINTAINED)
public record History(List<Epoch> epochs) {
    public History {
        epochs = List.copyOf(epochs);
    }

    /**
     * One epoch.
     *
     * @param epoch          1-based
     * @param trainLoss      mean loss over the epoch's training rows, each batch's loss taken at the
     *                       parameters it was computed with (as a running average)
     * @param validationLoss loss on the held-out examples (a validation split) or rows (a training
     *                       mask's 0 rows) after the epoch; NaN when nothing is held out
     * @param lr             the learning rate used
     * @param gradNorm       mean over the epoch's steps of the global L2 gradient norm, before clipping
     * @param validationAccuracy under cross-entropy, the share of held-out rows whose largest logit is
     *                       their class, after the epoch; NaN for mse or when nothing is held out
     */
    public record Epoch(int epoch, double trainLoss, double validationLoss, double lr, double gradNorm,
            double validationAccuracy) {
        public Epoch(int epoch, double trainLoss, double validationLoss, double lr, double gradNorm) {
            this(epoch, trainLoss, validationLoss, lr, gradNorm, Double.NaN);
        }

        public boolean hasValidation() {
            return !Double.isNaN(validationLoss);
        }

        public boolean hasValidationAccuracy() {
            return !Double.isNaN(validationAccuracy);
        }
    }

    /** The last epoch. */
    public Epoch last() {
        return epochs.get(epochs.size() - 1);
    }
}
