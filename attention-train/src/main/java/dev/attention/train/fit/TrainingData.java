package dev.attention.train.fit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.AttentionInputs;
import dev.attention.api.Tensor;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What to fit to: the pipeline's inputs and the targets of its prediction (the output, or the
 * head's output when there is a head).
 *
 * <p>Targets have one row per prediction row: either the prediction's shape
 * {@code [batch…, rows, t]} (with {@code lengths} when rows are padded; padded rows do not count),
 * or a plain {@code [batch·rows, t]} matrix in row-major order, e.g. one label per pooled sequence.
 * For {@code cross-entropy}, {@code t = 1} and the cells are class indices.
 *
 * <p>A training mask (semi-supervised fitting, e.g. node classification) holds one value per
 * prediction row, laid out as the targets may be ({@code [batch…, rows, 1]} or {@code [batch·rows, 1]}):
 * 1 = the row's target counts in the training loss, 0 = the row is held out; its target is then only
 * used for the held-out figure (see {@link Fitter}). Every row is still computed in every pass, so
 * rows that attend to each other (a graph's nodes) are never cut apart.
 *
 * @param inputs        the named inputs, as for {@code Pipeline.run}
 * @param targets       the targets
 * @param targetLengths real rows per batch element when the targets are padded
 * @param trainMask     per prediction row 1 (train) or 0 (held out); empty = every row trains
 */
@API(status = MAINTAINED)
public record TrainingData(AttentionInputs inputs, Tensor targets, Optional<int[]> targetLengths,
        Optional<Tensor> trainMask) {
    public TrainingData {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(targets, "targets");
        targetLengths = Objects.requireNonNull(targetLengths, "targetLengths").map(int[]::clone);
        Objects.requireNonNull(trainMask, "trainMask");
        trainMask.ifPresent(TrainingData::requireZeroOne);
    }

    public TrainingData(AttentionInputs inputs, Tensor targets, Optional<int[]> targetLengths) {
        this(inputs, targets, targetLengths, Optional.empty());
    }

    public TrainingData(AttentionInputs inputs, Tensor targets) {
        this(inputs, targets, Optional.empty());
    }

    /** The same data with {@code mask} (see the class comment) as its training mask. */
    public TrainingData withTrainMask(Tensor mask) {
        return new TrainingData(inputs, targets, targetLengths, Optional.of(mask));
    }

    private static void requireZeroOne(Tensor mask) {
        for (int k = 0, n = mask.size(); k < n; k++) {
            double v = mask.at(k);
            if (v != 0 && v != 1) {
                throw new IllegalArgumentException("train mask value " + v + " at row " + k
                        + " is neither 1 (train) nor 0 (held out)");
            }
        }
    }
}
