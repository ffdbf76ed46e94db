package dev.attention.train.fit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What fitting minimises, averaged over the real (unpadded) target rows.
 * <ul>
 * <li>{@link #MSE}: mean over every element of {@code (prediction − target)²} (PyTorch's
 * {@code MSELoss()}); targets have the prediction's shape.</li>
 * <li>{@link #CROSS_ENTROPY}: mean over rows of {@code −log softmax(prediction)[class]}; targets are
 * one column of integer class indices {@code 0 … C−1}, where C is the prediction's width. Binary
 * labels are the two classes 0 and 1 (C = 2).</li>
 * </ul>
 */
@API(status = MAINTAINED)
public enum Loss {
    MSE("mse"),
    CROSS_ENTROPY("cross-entropy");

    private final String id;

    Loss(String id) {
        this.id = id;
    }

    /** The name used in configurations. */
    public String id() {
        return id;
    }

    /**
     * The mean loss of {@code prediction} against {@code targets} given as in {@link TrainingData}
     * (the prediction's leading shape or one row per prediction row), e.g. to score held-out rows.
     */
    public double of(Tensor prediction, Tensor targets, Optional<int[]> targetLengths) {
        return LossFunction.evaluate(this, prediction, Examples.alignTargets(targets, prediction), targetLengths)
                .value();
    }

    /** The loss named {@code id} ({@code mse}, {@code cross-entropy}). */
    public static Loss fromId(String id) {
        for (Loss l : values()) {
            if (l.id.equals(id.toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new IllegalArgumentException(dev.attention.api.UnknownName.message("loss", id,
                Arrays.stream(values()).map(Loss::id).toList()));
    }
}
