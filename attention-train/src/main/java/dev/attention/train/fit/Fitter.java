package dev.attention.train.fit;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionResult;
import dev.attention.api.Mask;
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
        return fit(pipeline, data, options, null);
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
        return fit(pipeline, data, options, java.util.Objects.requireNonNull(checkpoint, "checkpoint"));
    }

    private FitResult fit(Pipeline pipeline, TrainingData data, FitOptions options, Checkpoint resume) {
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
        requireMaskAlone(data, options);
        Examples examples = Examples.of(start, data, options.leaveOneOut());

        int n = examples.count();
        int held = heldOut(n, options.validationSplit(), examples.axis());
        int heldRows = examples.rows(Examples.Rows.HELD_OUT);
        if (examples.masked() && examples.rows(Examples.Rows.TRAINING) == 0) {
            throw new AttentionException("the training mask marks no row for training (all " + heldRows
                    + " are 0); mark the labelled rows 1");
        }
        int[] order = Examples.range(n);
        Seeds.shuffle(order, Seeds.stream(options.seed(), "split"));
        int[] validation = sorted(Arrays.copyOfRange(order, 0, held));
        int[] train = sorted(Arrays.copyOfRange(order, held, n));
        if (options.leaveOneOut() && examples.axis() == Examples.Axis.QUERY_ROWS) {
            examples.useAsKeys(train);
        }
        int batchSize = options.batchSize() == 0 ? train.length : Math.min(options.batchSize(), train.length);
        if (batchSize < train.length || held > 0) {
            examples.requireRowIndependence(start);
        }

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
        boolean maskChecked = !options.leaveOneOut();
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
            maskChecked = true;
        }
        LOG.info("fitting {} ({} parameters) on {} training and {} validation examples ({}), batch {}{}{}",
                pipeline.describe(), initial.names(), train.length, held, examples.axis(), batchSize,
                examples.masked() ? "; training mask: " + examples.rows(Examples.Rows.TRAINING) + " rows train, "
                        + heldRows + " held out" : "",
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
                Parameters current = state.snapshot();
                Objective.Batch batch = examples.batch(chosen, Mode.TRAIN).atStep(stepCount++);
                Objective.Evaluation ev = Objective.evaluate(options.loss(), withParameters(start, current),
                        headOf(head, current), batch, true);
                if (!maskChecked) {
                    requireMaskHonoured(pipeline, ev.result(), batch.inputs().mask());
                    maskChecked = true;
                }
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
                // A mask's held-out rows are computed with all the others (a graph is one example).
                Objective.Batch heldOut = examples.masked()
                        ? examples.batch(Examples.range(n), Mode.EVAL, Examples.Rows.HELD_OUT)
                        : examples.batch(validation, Mode.EVAL);
                Objective.Evaluation v = Objective.evaluate(options.loss(), withParameters(start, after),
                        headOf(head, after), heldOut, false);
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

    /** A training mask holds rows out itself; a second way of holding out would make two validation figures. */
    private static void requireMaskAlone(TrainingData data, FitOptions options) {
        if (data.trainMask().isEmpty()) {
            return;
        }
        if (options.validationSplit() > 0) {
            throw new AttentionException("validation-split " + options.validationSplit() + " beside a training mask:"
                    + " the mask's 0 rows are the held-out rows already; drop validation-split");
        }
        if (options.leaveOneOut()) {
            throw new AttentionException("leave-one-out beside a training mask is not supported; drop one of them");
        }
    }

    private static int heldOut(int n, double split, Examples.Axis axis) {
        if (split == 0) {
            return 0;
        }
        if (axis == Examples.Axis.WHOLE) {
            throw new AttentionException("a validation split needs several examples, but the data is one example"
                    + " (e.g. one graph, whose nodes cannot be split); hold rows out with a training mask"
                    + " (fit.train-mask), batch the data (input 'group:') or use a pipeline that takes 'queries'");
        }
        int held = Math.max(1, (int) Math.round(n * split));
        if (held >= n) {
            throw new AttentionException("validation-split " + split + " of " + n + " examples leaves none to train on");
        }
        return held;
    }

    private static Pipeline withParameters(Pipeline start, Parameters all) {
        Map<String, Tensor> own = new java.util.LinkedHashMap<>();
        all.asMap().forEach((name, t) -> {
            if (!Head.owns(name)) {
                own.put(name, t);
            }
        });
        return own.isEmpty() ? start : start.withParameters(Parameters.of(own));
    }

    private static Head headOf(Head head, Parameters all) {
        return head == null ? null : Head.of(all);
    }

    /** Leave-one-out is only honest if the variant applied the mask: masked weights must be 0. */
    private static void requireMaskHonoured(Pipeline pipeline, AttentionResult result, Mask mask) {
        Tensor w = result.weights().orElseThrow(() -> new AttentionException(pipeline.describe()
                + " returns no weights, so leave-one-out cannot be verified; use the global variant"));
        for (int b = 0; b < w.batchSize(); b++) {
            for (int i = 0; i < w.rows(); i++) {
                for (int j = 0; j < w.cols(); j++) {
                    if (!mask.allows(b, i, j) && w.get(b, i, j) != 0) {
                        throw new AttentionException(pipeline.describe() + " does not honour the inputs' mask: query "
                                + i + " gave weight " + w.get(b, i, j) + " to its own key; leave-one-out needs a"
                                + " variant that does, such as global");
                    }
                }
            }
        }
    }

    private static void requireFinite(double loss, int epoch) {
        if (!Double.isFinite(loss)) {
            throw new AttentionException("the loss became " + loss + " in epoch " + (epoch + 1)
                    + "; lower the learning rate or set clip-norm");
        }
    }

    private static int[] sorted(int[] a) {
        Arrays.sort(a);
        return a;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
