package dev.attention.train.fit;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.InputSpec;
import dev.attention.api.Mode;
import dev.attention.api.Pipeline;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Arrays;
import java.util.Optional;

/**
 * Training data seen as a list of independent examples, so it can be shuffled, split for
 * validation and cut into mini-batches:
 * <ul>
 * <li>batched inputs ({@code [B, …, n, d]}): an example is an entry of the leading dimension;</li>
 * <li>unbatched inputs of a pipeline that takes {@code queries}: an example is a query row, keys
 * and values stay whole — valid only for variants whose output rows depend on their own query row
 * alone, which {@link #requireRowIndependence} checks;</li>
 * <li>otherwise the whole data set is one example.</li>
 * </ul>
 * With leave-one-out the examples are query rows that are also keys: each is masked from its own
 * prediction, and rows held out for validation leave the keys too.
 *
 * <p>A training mask ({@link TrainingData#trainMask()}) does not cut the data: it is aligned to the
 * targets and sliced with them, and a batch says which of its rows count ({@link Rows}).
 */
final class Examples {
    static final String QUERIES = "queries";
    static final String KEYS = "keys";
    static final String VALUES = "values";

    enum Axis { BATCH, QUERY_ROWS, WHOLE }

    /** Which prediction rows of a batch count in its loss, by the training mask. */
    enum Rows {
        /** The mask's 1 rows (every row without a mask). */
        TRAINING,
        /** The mask's 0 rows. */
        HELD_OUT
    }

    private final Axis axis;
    private final AttentionInputs inputs;
    private final Tensor targets;
    private final Optional<int[]> targetLengths;
    private final boolean leaveOneOut;
    private final int count;
    /** The training mask in the targets' leading shape {@code [batch…, rows, 1]}, or null. */
    private final Tensor trainMask;
    /** For leave-one-out over query rows: which rows are keys, and each row's position among them. */
    private int[] keyRows;
    private int[] keyPosition;

    private Examples(Axis axis, AttentionInputs inputs, Tensor targets, Optional<int[]> targetLengths,
            boolean leaveOneOut, int count, Tensor trainMask) {
        this.trainMask = trainMask;
        this.axis = axis;
        this.inputs = inputs;
        this.targets = targets;
        this.targetLengths = targetLengths;
        this.leaveOneOut = leaveOneOut;
        this.count = count;
        if (axis == Axis.QUERY_ROWS && leaveOneOut) {
            useAsKeys(range(count));
        }
    }

    /** Reads the data against the pipeline: picks the axis, aligns the targets to the prediction rows. */
    static Examples of(Pipeline pipeline, TrainingData data, boolean leaveOneOut) {
        AttentionInputs in = data.inputs();
        boolean batched = in.names().stream().anyMatch(n -> in.tensor(n).rank() > 2);
        boolean takesQueries = pipeline.inputs().stream().map(InputSpec::name).anyMatch(QUERIES::equals);
        // Packed sequences (segments) are cut by no axis: their rows belong together.
        Axis axis = in.segments().isPresent() ? Axis.WHOLE
                : batched ? Axis.BATCH : takesQueries && in.has(QUERIES) ? Axis.QUERY_ROWS : Axis.WHOLE;
        if (leaveOneOut) {
            requireLeaveOneOutShape(in);
        }
        if (axis == Axis.QUERY_ROWS && in.lengths(QUERIES).isPresent()) {
            throw new AttentionException("unbatched queries with lengths cannot be split into rows; drop the lengths");
        }
        Tensor prediction = pipeline.run(in).output();
        Tensor targets = alignTargets(data.targets(), prediction);
        Tensor mask = data.trainMask().map(m -> alignMask(m, prediction)).orElse(null);
        int count = switch (axis) {
            case BATCH -> leadingSize(in);
            case QUERY_ROWS -> in.tensor(QUERIES).rows();
            case WHOLE -> 1;
        };
        return new Examples(axis, in, targets, data.targetLengths(), leaveOneOut, count, mask);
    }

    /** The mask as a {@code [batch…, rows, 1]} column of the prediction's rows, or one line saying what is wrong. */
    private static Tensor alignMask(Tensor mask, Tensor prediction) {
        int rows = prediction.batchSize() * prediction.rows();
        if (mask.size() != rows) {
            throw new ShapeException("the training mask has " + mask.size() + " values but the prediction has " + rows
                    + " rows (shape " + ShapeException.format(prediction.shape()) + "); give one 1 (train) or 0"
                    + " (held out) per prediction row");
        }
        int[] lead = prediction.shape();
        lead[lead.length - 1] = 1;
        return mask.reshape(lead);
    }

    /** Whether there is a training mask. */
    boolean masked() {
        return trainMask != null;
    }

    /** Prediction rows the training mask marks 1 (train) or 0 (held out); every row without a mask. */
    int rows(Rows which) {
        if (trainMask == null) {
            return which == Rows.TRAINING ? targets.batchSize() * targets.rows() : 0;
        }
        int n = 0;
        for (int k = 0; k < trainMask.size(); k++) {
            n += (trainMask.at(k) != 0) == (which == Rows.TRAINING) ? 1 : 0;
        }
        return n;
    }

    Axis axis() {
        return axis;
    }

    int count() {
        return count;
    }

    /** Leave-one-out over query rows: only {@code rows} (ascending) serve as keys and values. */
    void useAsKeys(int[] rows) {
        keyRows = rows.clone();
        keyPosition = new int[count];
        Arrays.fill(keyPosition, -1);
        for (int p = 0; p < keyRows.length; p++) {
            keyPosition[keyRows[p]] = p;
        }
    }

    /**
     * The inputs and targets of the chosen examples. Targets must already have the prediction's
     * leading shape, see {@link #alignTargets}.
     */
    Objective.Batch batch(int[] examples, Mode mode) {
        return batch(examples, mode, Rows.TRAINING);
    }

    /** As {@link #batch(int[], Mode)}, counting only the rows {@code which} (by the training mask). */
    Objective.Batch batch(int[] examples, Mode mode, Rows which) {
        AttentionInputs.Builder b = AttentionInputs.builder().mode(mode);
        Tensor t;
        Tensor m = null;
        Optional<int[]> tl = targetLengths;
        switch (axis) {
            case BATCH -> {
                int lead = leadingSize(inputs);
                for (String n : inputs.names()) {
                    Tensor x = inputs.tensor(n);
                    if (x.rank() <= 2) {
                        b.put(n, x);
                    } else if (inputs.lengths(n).isPresent()) {
                        b.put(n, Slices.leading(x, examples),
                                Slices.leadingLengths(inputs.lengths(n).get(), lead, examples));
                    } else {
                        b.put(n, Slices.leading(x, examples));
                    }
                }
                Slices.leadingMasks(inputs, b, lead, examples);
                t = Slices.leading(targets, examples);
                m = trainMask == null ? null : Slices.leading(trainMask, examples);
                tl = targetLengths.map(l -> Slices.leadingLengths(l, targets.dim(0), examples));
                if (leaveOneOut) {
                    b.mask((batch, i, j) -> i != j);
                }
            }
            case QUERY_ROWS -> {
                copy(inputs, b);
                b.put(QUERIES, Slices.rows(inputs.tensor(QUERIES), examples));
                Slices.rowMasks(inputs, b, examples, leaveOneOut ? keyRows : null);
                t = Slices.rows(targets, examples);
                m = trainMask == null ? null : Slices.rows(trainMask, examples);
                if (leaveOneOut) {
                    b.put(KEYS, Slices.rows(inputs.tensor(KEYS), keyRows));
                    b.put(VALUES, Slices.rows(inputs.tensor(VALUES), keyRows));
                    int[] own = new int[examples.length];
                    for (int i = 0; i < examples.length; i++) {
                        own[i] = keyPosition[examples[i]];
                    }
                    // A row that is a key may not see itself; a held-out row is no key at all.
                    b.mask((batch, i, j) -> j != own[i]);
                }
            }
            default -> {
                copy(inputs, b);
                inputs.keyMask().ifPresent(b::keyMask);
                inputs.scoreBias().ifPresent(b::scoreBias);
                inputs.segments().ifPresent(b::segments);
                t = targets;
                m = trainMask;
                if (leaveOneOut) {
                    b.mask((batch, i, j) -> i != j);
                }
            }
        }
        return new Objective.Batch(b.build(), t, tl, Optional.ofNullable(counted(m, which)));
    }

    /** The rows that count: the mask itself for training, its complement for the held-out rows. */
    private static Tensor counted(Tensor mask, Rows which) {
        if (mask == null) {
            return null;
        }
        if (which == Rows.TRAINING) {
            return mask;
        }
        double[] v = mask.toDoubleArray();
        for (int k = 0; k < v.length; k++) {
            v[k] = v[k] != 0 ? 0 : 1;
        }
        return Tensor.of(mask.dtype(), mask.shape(), v);
    }

    /**
     * Targets in the prediction's leading shape {@code [batch…, rows, t]}: given so, or as a plain
     * {@code [batch·rows, t]} matrix in row-major order.
     */
    static Tensor alignTargets(Tensor targets, Tensor prediction) {
        int[] lead = prediction.shape();
        if (Arrays.equals(targets.batchShape(), prediction.batchShape()) && targets.rows() == prediction.rows()) {
            return targets;
        }
        int rows = prediction.batchSize() * prediction.rows();
        if (targets.rank() == 2 && targets.rows() == rows) {
            lead[lead.length - 1] = targets.cols();
            return targets.reshape(lead);
        }
        throw new ShapeException("targets have shape " + ShapeException.format(targets.shape())
                + " but the prediction has shape " + ShapeException.format(prediction.shape())
                + "; give one target row per prediction row (" + rows + ")");
    }

    /**
     * Splitting query rows is only sound when an output row depends on its own query row alone: what
     * the pipeline's variant declares ({@code Variant.independence()}).
     */
    void requireRowIndependence(Pipeline pipeline) {
        if (axis != Axis.QUERY_ROWS || count < 2 || pipeline.independence().queryRows()) {
            return;
        }
        throw new AttentionException("cannot split the query rows of " + pipeline.describe()
                + " into batches: its variant does not declare independent query rows (position masks, windows"
                + " or positional noise make rows depend on each other); batch the data (input 'group:'), or fit"
                + " full-batch without a validation split");
    }

    private static void requireLeaveOneOutShape(AttentionInputs in) {
        if (!in.has(QUERIES) || !in.has(KEYS) || !in.has(VALUES)) {
            throw new AttentionException("leave-one-out needs inputs queries, keys and values (the training rows as"
                    + " all three), got " + in.names());
        }
        if (in.tensor(QUERIES).rows() != in.tensor(KEYS).rows()) {
            throw new AttentionException("leave-one-out needs one query per key (the training rows), got "
                    + in.tensor(QUERIES).rows() + " queries and " + in.tensor(KEYS).rows() + " keys");
        }
    }

    private static int leadingSize(AttentionInputs in) {
        int size = -1;
        for (String n : in.names()) {
            Tensor t = in.tensor(n);
            if (t.rank() > 2) {
                if (size >= 0 && t.dim(0) != size) {
                    throw new ShapeException("batched inputs disagree on the leading dimension: " + size + " and "
                            + t.dim(0) + " ('" + n + "')");
                }
                size = t.dim(0);
            }
        }
        return size;
    }

    /** Every tensor of {@code from}, with its lengths, into {@code to}. */
    private static void copy(AttentionInputs from, AttentionInputs.Builder to) {
        for (String n : from.names()) {
            Optional<int[]> l = from.lengths(n);
            if (l.isPresent()) {
                to.put(n, from.tensor(n), l.get());
            } else {
                to.put(n, from.tensor(n));
            }
        }
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
