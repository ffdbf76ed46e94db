package dev.attention.train.fit;

import dev.attention.api.AttentionException;
import dev.attention.api.Mode;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the parameters of any {@link Pipeline} (plus an optional linear {@link Head}) to
 * {@link TrainingData} by reverse mode through the plugins' backward passes. Works on the public
 * {@code Pipeline} contract only (run, backward, parameters, withParameters), so any pipeline fits.
 *
 * <p>Each epoch shuffles the training examples (see {@link Examples} for what an example is), steps
 * once per mini-batch, clips the global gradient norm, and evaluates the held-out examples in
 * {@link Mode#EVAL}; training passes run in {@link Mode#TRAIN}, numbered by
 * {@code AttentionInputs.step()} (0, 1, 2, … over the whole fit) so dropout draws a new mask per
 * step. Everything random derives from
 * {@link FitOptions#seed()} and nothing runs in parallel, so the same inputs give bit-identical
 * parameters. Stateless and thread-safe; each call owns its optimizer state.
 *
 * <p>With a training mask ({@link TrainingData#trainMask()}, semi-supervised fitting) nothing is
 * split or reordered beyond what batching already does: every pass computes every row, only the
 * mask's 1 rows count in the training loss, and after each epoch the 0 rows' loss (and, under
 * cross-entropy, accuracy) in {@link Mode#EVAL} is the validation figure, which early stopping
 * monitors. A validation split or leave-one-out beside a mask is refused.
 */
public final class Fitter {
    private static final Logger LOG = LoggerFactory.getLogger(Fitter.class);

    public FitResult fit(Pipeline pipeline, TrainingData data, FitOptions options) {
        return fit(pipeline, data, options, GradientSource.LOCAL, null);
    }

    /**
     * Fits as {@link #fit(Pipeline, TrainingData, FitOptions)} with each step's training gradient
     * from {@code source}; the same numbers for any source that computes them as
     * {@link GradientSource#LOCAL} does, up to the order of summation.
     */
    public FitResult fit(Pipeline pipeline, TrainingData data, FitOptions options, GradientSource source) {
        return fit(pipeline, data, options, java.util.Objects.requireNonNull(source, "source"), null);
    }

    /**
     * Continues a fit from {@code checkpoint} (see {@link FitResult#checkpoint()}) up to
     * {@code options.epochs()}: the same data and options give the bits the uninterrupted fit gives.
     *
     * @throws AttentionException when the checkpoint belongs to another pipeline, head, optimizer, seed,
     *                            split or leave-one-out setting, is already at or past the epochs
     *                            asked for, or stopped early
     */
    public FitResult resume(Pipeline pipeline, TrainingData data, FitOptions options, Checkpoint checkpoint) {
        return fit(pipeline, data, options, GradientSource.LOCAL,
                java.util.Objects.requireNonNull(checkpoint, "checkpoint"));
    }

    private FitResult fit(Pipeline pipeline, TrainingData data, FitOptions options, GradientSource source,
            Checkpoint resume) {
        Initializer init = new Initializer(options.init(), options.seed());
        Pipeline start;
        Head head;
        if (resume == null) {
            start = pipeline.withParameters(init.apply(pipeline.parameters()));
            head = options.headOutputs() == 0 ? null
                    : init.head(pipeline.dtype(), options.headOutputs(), start.run(data.inputs()).output().cols());
        } else {
            Parameters trained = pipeline.parameters();
            if (options.headOutputs() > 0) {
                int cols = pipeline.run(data.inputs()).output().cols();
                trained = trained.concat(Head.of(Tensor.zeros(pipeline.dtype(), options.headOutputs(), cols),
                        Tensor.zeros(pipeline.dtype(), 1, options.headOutputs())).parameters());
            }
            resume.requireResumableBy(options, trained);
            // In the fit's own parameter order: the checkpoint file stores them sorted by name.
            Parameters values = trained.map((name, t) -> resume.parameters().get(name));
            start = withParameters(pipeline, values);
            head = options.headOutputs() == 0 ? null : Head.of(values);
        }
        FitProblem problem = FitProblem.of(start, data, options);
        int[] validation = problem.validation();
        int[] train = problem.training();
        int held = validation.length;
        int heldRows = problem.heldOutRows();
        int batchSize = problem.batchSize();

        Parameters initial = head == null ? start.parameters() : start.parameters().concat(head.parameters());
        ParameterState state = new ParameterState(pipeline.dtype(), initial);
        Step step = Step.of(options.optimizer());
        Random shuffler = Seeds.stream(options.seed(), "shuffle");
        boolean monitorValidation = held > 0 || heldRows > 0;
        List<History.Epoch> epochs = new ArrayList<>();
        Parameters best = initial;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        boolean stoppedEarly = false;
        int first = 0;
        if (resume != null) {
            first = resume.epoch();
            step.restore(resume.steps(), buffers(resume.buffers()));
            // Each epoch's order is a shuffle of the previous one's: replaying them restores the stream.
            for (int e = 0; e < first; e++) {
                Seeds.shuffle(train, shuffler);
            }
            epochs.addAll(resume.history().epochs());
            best = initial.map((name, t) -> resume.best().get(name));
            bestLoss = resume.bestLoss();
            bestEpoch = resume.bestEpoch();
        }
        LOG.info("fitting {} ({} parameters) on {} training and {} validation examples ({}), batch {}{}{}",
                pipeline.describe(), initial.names(), train.length, held, problem.axis(), batchSize,
                problem.masked() ? "; training mask: " + problem.trainingRows() + " rows train, " + heldRows
                        + " held out" : "",
                first > 0 ? ", from epoch " + (first + 1) : "");
        // Training passes are numbered across the whole fit (dropout draws a new mask per step);
        // a resumed fit continues the count.
        long stepCount = first > 0 ? step.steps() : 0;

        int done = first;
        for (int e = first; e < options.epochs(); e++) {
            double lr = options.schedule().lr(options.optimizer().lr(), e, options.epochs());
            Seeds.shuffle(train, shuffler);
            double lossSum = 0;
            int rows = 0;
            double normSum = 0;
            int steps = 0;
            for (int from = 0; from < train.length; from += batchSize) {
                int[] chosen = Arrays.copyOfRange(train, from, Math.min(from + batchSize, train.length));
                StepGradient ev = source.gradient(problem, state.snapshot(), chosen, stepCount++);
                requireFinite(ev.loss(), e);
                double norm = ParameterState.norm(ev.gradients());
                if (options.clipNorm() > 0 && norm > options.clipNorm()) {
                    double scale = options.clipNorm() / norm;
                    for (double[] g : ev.gradients().values()) {
                        for (int k = 0; k < g.length; k++) {
                            g[k] *= scale;
                        }
                    }
                }
                step.apply(state.values(), ev.gradients(), lr);
                state.round();
                lossSum += ev.loss() * ev.rows();
                rows += ev.rows();
                normSum += norm;
                steps++;
            }
            Parameters after = state.snapshot();
            double trainLoss = rows == 0 ? 0 : lossSum / rows;
            double validationLoss = Double.NaN;
            double validationAccuracy = Double.NaN;
            if (monitorValidation) {
                Objective.Evaluation v = problem.validate(after);
                validationLoss = v.loss();
                validationAccuracy = v.accuracy(options.loss());
                requireFinite(validationLoss, e);
            }
            History.Epoch epoch = new History.Epoch(e + 1, trainLoss, validationLoss, lr, normSum / steps,
                    validationAccuracy);
            epochs.add(epoch);
            done = e + 1;
            LOG.info("epoch {}/{}: train loss {}{}{}, lr {}, grad norm {}", e + 1, options.epochs(), fmt(trainLoss),
                    monitorValidation ? ", validation loss " + fmt(validationLoss) : "",
                    epoch.hasValidationAccuracy() ? ", validation accuracy " + fmt(validationAccuracy) : "", fmt(lr),
                    fmt(epoch.gradNorm()));

            double monitored = monitorValidation ? validationLoss : trainLoss;
            double minDelta = options.earlyStopping().map(EarlyStopping::minDelta).orElse(0.0);
            if (monitored < bestLoss - minDelta) {
                bestLoss = monitored;
                bestEpoch = e + 1;
                best = after;
            } else if (options.earlyStopping().isPresent()
                    && e + 1 - bestEpoch >= options.earlyStopping().get().patience()) {
                stoppedEarly = e + 1 < options.epochs();
                LOG.info("early stop after epoch {}: no improvement since epoch {}", e + 1, bestEpoch);
                break;
            }
        }
        Parameters fitted = options.earlyStopping().isPresent() ? best : state.snapshot();
        History history = new History(epochs);
        Checkpoint checkpoint = new Checkpoint(done, state.snapshot(), Checkpoint.optimizerId(options.optimizer()),
                step.steps(), tensors(step.buffers(), state.snapshot()), best, bestLoss, bestEpoch, history,
                stoppedEarly, options.seed(), options.validationSplit(), options.leaveOneOut());
        return new FitResult(withParameters(start, fitted), java.util.Optional.ofNullable(headOf(head, fitted)),
                history, bestEpoch, stoppedEarly, checkpoint);
    }

    /** Optimizer buffers as float64 tensors shaped like their parameter ({@code m.alignment.W} → alignment.W). */
    private static Map<String, Tensor> tensors(Map<String, double[]> buffers, Parameters parameters) {
        Map<String, Tensor> out = new java.util.TreeMap<>();
        buffers.forEach((name, v) -> out.put(name, Tensor.of(dev.attention.api.DType.FLOAT64,
                parameters.get(name.substring(name.indexOf('.') + 1)).shape(), v)));
        return out;
    }

    private static Map<String, double[]> buffers(Map<String, Tensor> tensors) {
        Map<String, double[]> out = new java.util.TreeMap<>();
        tensors.forEach((name, t) -> out.put(name, t.toDoubleArray()));
        return out;
    }

    private static Pipeline withParameters(Pipeline start, Parameters all) {
        return FitProblem.withParameters(start, all);
    }

    private static Head headOf(Head head, Parameters all) {
        return head == null ? null : Head.of(all);
    }

    private static void requireFinite(double loss, int epoch) {
        if (!Double.isFinite(loss)) {
            throw new AttentionException("the loss became " + loss + " in epoch " + (epoch + 1)
                    + "; lower the learning rate or set clip-norm");
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
