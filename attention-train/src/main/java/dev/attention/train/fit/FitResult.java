package dev.attention.train.fit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.AttentionInputs;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A fitted model: the pipeline with its learned parameters, the head when there is one, and the
 * history of the fit. Immutable.
 *
 * @param pipeline     the fitted pipeline (a new instance; the original is unchanged)
 * @param head         the fitted linear head, if the fit had one
 * @param history      per-epoch losses, learning rates and gradient norms
 * @param bestEpoch    1-based epoch with the lowest monitored loss (validation if split, else training)
 * @param stoppedEarly whether early stopping ended the fit before its last epoch
 * @param checkpoint   the state after the last epoch run, to continue the fit with
 *                     {@link Fitter#resume}
 */
@API(status = MAINTAINED)
public record FitResult(Pipeline pipeline, Optional<Head> head, History history, int bestEpoch,
        boolean stoppedEarly, Checkpoint checkpoint) {
    public FitResult {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(history, "history");
    }

    /** Every fitted parameter: the pipeline's, then {@code head.weight} and {@code head.bias}. */
    public Parameters parameters() {
        return head.map(h -> pipeline.parameters().concat(h.parameters())).orElse(pipeline.parameters());
    }

    /** The model's prediction: the pipeline's output, through the head when there is one. */
    public Tensor predict(AttentionInputs inputs) {
        Tensor out = pipeline.run(inputs).output();
        return head.map(h -> h.apply(out)).orElse(out);
    }
}
