package dev.attention.train.search;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.train.fit.Head;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The winning candidate refitted on all the data: what {@code best.yaml} and its
 * {@code parameters.safetensors} hold.
 *
 * @param trial        the winning trial (its score is the cross-validated one)
 * @param pipeline     the refitted pipeline (the candidate itself when it has nothing to fit)
 * @param head         the refitted head, when the fit has one
 * @param fullDataLoss the loss of this model on all the config's inputs and targets, as
 *                     {@code attention run best.yaml} computes them (in-sample, so optimistic)
 */
@API(status = MAINTAINED)
public record BestModel(Trial trial, Pipeline pipeline, Optional<Head> head, double fullDataLoss) {
    /** Every fitted value: the pipeline's parameters, then the head's. */
    public Parameters parameters() {
        return head.map(h -> pipeline.parameters().concat(h.parameters())).orElse(pipeline.parameters());
    }
}
