package dev.attention.train.fit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionResult;
import dev.attention.api.Mask;
import dev.attention.api.Mode;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apiguardian.api.API;

/**
 * A fit's data seen as examples (see {@link Examples}: batch entries, query rows or the whole set),
 * split into training and validation examples, with the loss and gradient of any of them at any
 * parameters. Everything here follows from the pipeline's structure, the data and the options'
 * loss, seed, validation split, batch size and leave-one-out, so every JVM that builds the problem
 * from the same three gets the same split and the same numbers: a data-parallel
 * {@link GradientSource} builds it once per worker and evaluates its share of a step there.
 *
 * <p>Thread-safe once built.
 */
@API(status = MAINTAINED)
public final class FitProblem {
    private final Pipeline pipeline;
    private final Examples examples;
    private final Loss loss;
    private final int[] train;
    private final int[] validation;
    private final int batchSize;
    private final boolean checkMask;
    private final AtomicBoolean maskChecked = new AtomicBoolean();

    private FitProblem(Pipeline pipeline, Examples examples, Loss loss, int[] train, int[] validation, int batchSize,
            boolean checkMask) {
        this.pipeline = pipeline;
        this.examples = examples;
        this.loss = loss;
        this.train = train;
        this.validation = validation;
        this.batchSize = batchSize;
        this.checkMask = checkMask;
    }

    /**
     * Reads {@code data} against {@code pipeline} (its structure; its parameter values do not
     * matter) and splits it as {@code options} say.
     *
     * @throws AttentionException when the split or the batches would cut rows the pipeline's variant
     *                            does not declare independent, or leave-one-out's inputs are not there
     */
    public static FitProblem of(Pipeline pipeline, TrainingData data, FitOptions options) {
        requireMaskAlone(data, options);
        Examples examples = Examples.of(pipeline, data, options.leaveOneOut());
        int n = examples.count();
        int held = heldOut(n, options.validationSplit(), examples.axis());
        if (examples.masked() && examples.rows(Examples.Rows.TRAINING) == 0) {
            throw new AttentionException("the training mask marks no row for training (all "
                    + examples.rows(Examples.Rows.HELD_OUT) + " are 0); mark the labelled rows 1");
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
            examples.requireRowIndependence(pipeline);
        }
        return new FitProblem(pipeline, examples, options.loss(), train, validation, batchSize,
                options.leaveOneOut());
    }

    /** How many examples the data holds. */
    public int examples() {
        return examples.count();
    }

    /** The training examples, ascending. */
    public int[] training() {
        return train.clone();
    }

    /** The examples held out for validation, ascending; empty without a validation split. */
    public int[] validation() {
        return validation.clone();
    }

    /** Examples per optimiser step: the batch size, or every training example for full batch. */
    public int batchSize() {
        return batchSize;
    }

    /** Whether a training mask decides which rows count ({@link TrainingData#trainMask()}). */
    public boolean masked() {
        return examples.masked();
    }

    /** Rows whose targets count in the training loss. */
    public int trainingRows() {
        return examples.rows(Examples.Rows.TRAINING);
    }

    /** Rows a training mask holds out (its 0 rows); 0 without a mask. */
    public int heldOutRows() {
        return examples.rows(Examples.Rows.HELD_OUT);
    }

    /** What an example is, for messages: {@code BATCH}, {@code QUERY_ROWS} or {@code WHOLE}. */
    public String axis() {
        return examples.axis().name();
    }

    /**
     * The training loss and gradient over {@code chosen} at {@code parameters}, in one backward pass
     * ({@link Mode#TRAIN}, pass number {@code step}).
     *
     * @param parameters the pipeline's parameters and, when the fit has a head, {@code head.*}
     */
    public StepGradient gradient(Parameters parameters, int[] chosen, long step) {
        Objective.Batch batch = examples.batch(chosen, Mode.TRAIN).atStep(step);
        Objective.Evaluation ev = Objective.evaluate(loss, withParameters(pipeline, parameters), headOf(parameters),
                batch, true);
        if (checkMask && maskChecked.compareAndSet(false, true)) {
            requireMaskHonoured(pipeline, ev.result(), batch.inputs().mask());
        }
        return new StepGradient(ev.loss(), ev.rows(), ev.gradients());
    }

    /**
     * The held-out figure at {@code parameters} in {@link Mode#EVAL}: the validation examples, or a
     * training mask's 0 rows computed with all the others (a graph is one example).
     */
    Objective.Evaluation validate(Parameters parameters) {
        Objective.Batch heldOut = examples.masked()
                ? examples.batch(Examples.range(examples.count()), Mode.EVAL, Examples.Rows.HELD_OUT)
                : examples.batch(validation, Mode.EVAL);
        return Objective.evaluate(loss, withParameters(pipeline, parameters), headOf(parameters), heldOut, false);
    }

    /** {@code all} without the head's entries, as the pipeline's own parameters. */
    static Pipeline withParameters(Pipeline start, Parameters all) {
        Map<String, Tensor> own = new LinkedHashMap<>();
        all.asMap().forEach((name, t) -> {
            if (!Head.owns(name)) {
                own.put(name, t);
            }
        });
        return own.isEmpty() ? start : start.withParameters(Parameters.of(own));
    }

    private static Head headOf(Parameters all) {
        return all.find(Head.WEIGHT).isPresent() ? Head.of(all) : null;
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

    private static int[] sorted(int[] a) {
        Arrays.sort(a);
        return a;
    }
}
