package dev.attention.train.fit;

import dev.attention.api.AttentionException;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything a fit needs to go on exactly where it stopped: the current parameters (with the head),
 * the optimizer's step count and buffers (Adam's moments {@code m.*}, {@code v.*}; SGD's
 * {@code velocity.*}, float64 as the fit keeps them), the epochs done with their history, and the
 * early-stopping state. The shuffling stream is not stored: it is a function of the seed, replayed
 * for the epochs done. Resuming with the same data and options then gives the bits an uninterrupted
 * fit gives. Immutable.
 *
 * @param epoch        epochs completed
 * @param parameters   the values after the last completed epoch, the head's included
 * @param optimizer    {@code adam} or {@code sgd}
 * @param steps        optimizer steps taken (Adam's t)
 * @param buffers      {@code <buffer>.<parameter>} → float64 values shaped like the parameter
 * @param best         parameters of the best epoch so far (what early stopping returns)
 * @param bestLoss     its monitored loss; +∞ before the first epoch
 * @param bestEpoch    1-based, 0 before the first epoch
 * @param history      the completed epochs
 * @param stoppedEarly whether early stopping ended the fit
 * @param seed         the fit's seed, which fixes the validation split and the shuffles
 * @param validationSplit the held-out fraction
 * @param leaveOneOut  whether the fit was leave-one-out
 */
public record Checkpoint(int epoch, Parameters parameters, String optimizer, int steps, Map<String, Tensor> buffers,
        Parameters best, double bestLoss, int bestEpoch, History history, boolean stoppedEarly, long seed,
        double validationSplit, boolean leaveOneOut) {
    public Checkpoint {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(optimizer, "optimizer");
        buffers = Collections.unmodifiableMap(new TreeMap<>(buffers));
        Objects.requireNonNull(best, "best");
        Objects.requireNonNull(history, "history");
    }

    static String optimizerId(Optimizer o) {
        return o instanceof Optimizer.Sgd ? "sgd" : "adam";
    }

    /**
     * Refuses to continue under options or parameters that would make the continuation another fit
     * than the one checkpointed.
     *
     * @param names the parameters the fit trains (the pipeline's, then the head's), with their shapes
     */
    void requireResumableBy(FitOptions options, Parameters names) {
        if (stoppedEarly) {
            throw new AttentionException("the checkpointed fit stopped early after epoch " + epoch
                    + "; there is nothing to resume");
        }
        if (epoch >= options.epochs()) {
            throw new AttentionException("the checkpoint is at epoch " + epoch + " but fit.epochs is "
                    + options.epochs() + "; raise fit.epochs to continue");
        }
        String wanted = optimizerId(options.optimizer());
        if (!wanted.equals(optimizer)) {
            throw new AttentionException("the checkpoint holds " + optimizer + " state but fit.optimizer is " + wanted
                    + "; resume with the optimizer it was made with");
        }
        if (seed != options.seed() || validationSplit != options.validationSplit()
                || leaveOneOut != options.leaveOneOut()) {
            throw new AttentionException("the checkpoint was made with seed " + seed + ", validation-split "
                    + validationSplit + ", leave-one-out " + leaveOneOut + " but the fit has " + options.seed() + ", "
                    + options.validationSplit() + ", " + options.leaveOneOut()
                    + "; these fix the examples and their order, so they must not change");
        }
        for (Map.Entry<String, Tensor> e : names.asMap().entrySet()) {
            Tensor t = parameters.find(e.getKey()).orElseThrow(() -> new AttentionException("the checkpoint has no '"
                    + e.getKey() + "'; it was made for another pipeline (it has " + parameters.names() + ")"));
            if (!Arrays.equals(t.shape(), e.getValue().shape()) || t.dtype() != e.getValue().dtype()) {
                throw new AttentionException("the checkpoint's '" + e.getKey() + "' is " + t.dtype().id() + " "
                        + Arrays.toString(t.shape()) + " but the fit's is " + e.getValue().dtype().id() + " "
                        + Arrays.toString(e.getValue().shape()) + "; it was made for another pipeline");
            }
        }
        if (parameters.size() != names.size()) {
            throw new AttentionException("the checkpoint has parameters " + parameters.names() + " but the fit trains "
                    + names.names() + "; it was made for another pipeline or head");
        }
    }
}
