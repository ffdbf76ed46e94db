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
 * @param inputs        the named inputs, as for {@code Pipeline.run}
 * @param targets       the targets
 * @param targetLengths real rows per batch element when the targets are padded
 */
@API(status = MAINTAINED)
public record TrainingData(AttentionInputs inputs, Tensor targets, Optional<int[]> targetLengths) {
    public TrainingData {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(targets, "targets");
        targetLengths = Objects.requireNonNull(targetLengths, "targetLengths").map(int[]::clone);
    }

    public TrainingData(AttentionInputs inputs, Tensor targets) {
        this(inputs, targets, Optional.empty());
    }
}
