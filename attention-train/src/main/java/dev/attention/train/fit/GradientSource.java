package dev.attention.train.fit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.Parameters;
import org.apiguardian.api.API;

/**
 * Where a fit's training gradients are computed. The {@link Fitter} keeps everything that makes a
 * fit a fit (initialisation, split, shuffled epochs, optimiser, schedule, clipping, validation,
 * early stopping, checkpoints) and asks a source for the loss and gradient of each step's examples:
 * {@link #LOCAL} computes them in this JVM; a data-parallel source (Spark's) cuts the examples into
 * parts, computes each where its data lives with {@link FitProblem#gradient} and
 * {@link StepGradient#combine}s them in a fixed order.
 */
@API(status = MAINTAINED)
@FunctionalInterface
public interface GradientSource {
    /** In this JVM, all examples in one backward pass. */
    GradientSource LOCAL = FitProblem::gradient;

    /**
     * The loss and gradient over {@code examples} of {@code problem} at {@code parameters}.
     *
     * @param parameters the pipeline's and the head's parameters, by qualified name
     * @param examples   indices into the problem's examples, ascending or in the epoch's order
     * @param step       the training pass's number (training-time randomness such as dropout depends on it)
     */
    StepGradient gradient(FitProblem problem, Parameters parameters, int[] examples, long step);
}
