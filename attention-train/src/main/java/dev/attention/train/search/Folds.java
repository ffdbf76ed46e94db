package dev.attention.train.search;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.Tensor;
import dev.attention.train.fit.Slices;
import dev.attention.train.fit.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The data cut into k folds of examples, the same for every trial. An example is
 * <ul>
 * <li>an entry of the leading dimension when the inputs are batched (e.g. {@code group:} sequences);</li>
 * <li>a training row when fitting is leave-one-out (kernel regression): queries, keys and values are
 * the same rows, a fold's training part is fitted leave-one-out on its own rows, and the held-out
 * rows are predicted with the training rows as keys and values;</li>
 * <li>otherwise a query row, with the keys and values whole.</li>
 * </ul>
 * Assignment shuffles the examples with a seed and deals them out in turn, so fold sizes differ by
 * at most one; each part keeps the examples in their original order.
 */
final class Folds {
    static final String QUERIES = "queries";
    static final String KEYS = "keys";
    static final String VALUES = "values";

    enum Axis {
        SEQUENCES("batch entries"), KERNEL_ROWS("rows (queries = keys = values, leave-one-out)"),
        QUERY_ROWS("query rows");

        final String description;

        Axis(String description) {
            this.description = description;
        }
    }

    private final Axis axis;
    private final TrainingData data;
    private final boolean leaveOneOut;
    private final int examples;
    private final int[][] heldOut;

    private Folds(Axis axis, TrainingData data, boolean leaveOneOut, int examples, int[][] heldOut) {
        this.axis = axis;
        this.data = data;
        this.leaveOneOut = leaveOneOut;
        this.examples = examples;
        this.heldOut = heldOut;
    }

    /** How the data splits into examples; refuses data that is one example. */
    static Axis axis(TrainingData data, boolean leaveOneOut) {
        AttentionInputs in = data.inputs();
        if (in.names().stream().anyMatch(n -> in.tensor(n).rank() > 2)) {
            return Axis.SEQUENCES;
        }
        if (!in.has(QUERIES)) {
            throw new AttentionException("cross-validation needs several examples, but the inputs are one example"
                    + " (no 'queries' and no batch); batch the data with 'group:' or give queries");
        }
        if (in.lengths(QUERIES).isPresent()) {
            throw new AttentionException("unbatched queries with lengths cannot be split into folds; drop the lengths");
        }
        if (leaveOneOut) {
            if (!in.has(KEYS) || !in.has(VALUES) || in.tensor(KEYS).rows() != in.tensor(QUERIES).rows()
                    || in.tensor(VALUES).rows() != in.tensor(QUERIES).rows()) {
                throw new AttentionException("leave-one-out cross-validation needs queries, keys and values of the"
                        + " same rows (the training rows as all three)");
            }
            return Axis.KERNEL_ROWS;
        }
        return Axis.QUERY_ROWS;
    }

    static int examples(TrainingData data, Axis axis) {
        AttentionInputs in = data.inputs();
        if (axis == Axis.SEQUENCES) {
            return in.names().stream().map(in::tensor).filter(t -> t.rank() > 2).mapToInt(t -> t.dim(0)).max()
                    .orElse(1);
        }
        return in.tensor(QUERIES).rows();
    }

    static Folds of(TrainingData data, boolean leaveOneOut, int k, long seed) {
        if (data.trainMask().isPresent()) {
            // Folds cut examples; a mask's rows (a graph's nodes) would be ignored, or cut apart.
            throw new AttentionException("search cross-validates by folds of examples and does not use fit.train-mask;"
                    + " compare settings with attention fit and the held-out figure, or drop the mask to search");
        }
        Axis axis = axis(data, leaveOneOut);
        int n = examples(data, axis);
        requireTargets(data, axis, n);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(TrialSeeds.of(seed, "folds"));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<List<Integer>> parts = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            parts.add(new ArrayList<>());
        }
        for (int p = 0; p < n; p++) {
            parts.get(p % k).add(order[p]);
        }
        int[][] heldOut = new int[k][];
        for (int f = 0; f < k; f++) {
            heldOut[f] = parts.get(f).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return new Folds(axis, data, leaveOneOut, n, heldOut);
    }

    Axis axis() {
        return axis;
    }

    int count() {
        return heldOut.length;
    }

    int examples() {
        return examples;
    }

    /** What a fold's model is fitted on: every example outside the fold. */
    TrainingData training(int fold) {
        return subset(complement(heldOut[fold]), null);
    }

    /** What a fold's model is scored on: the fold's examples (keys of kernel rows: the training rows). */
    TrainingData heldOut(int fold) {
        return subset(heldOut[fold], complement(heldOut[fold]));
    }

    /** @param keyRows for kernel rows, the rows that serve as keys and values; null = {@code chosen} */
    private TrainingData subset(int[] chosen, int[] keyRows) {
        AttentionInputs in = data.inputs();
        AttentionInputs.Builder b = AttentionInputs.builder();
        Tensor targets = data.targets();
        Optional<int[]> targetLengths = data.targetLengths();
        switch (axis) {
            case SEQUENCES -> {
                for (String n : in.names()) {
                    Tensor t = in.tensor(n);
                    if (t.rank() <= 2) {
                        put(b, n, t, in.lengths(n));
                    } else {
                        put(b, n, Slices.leading(t, chosen), in.lengths(n).map(l -> Slices.leadingLengths(l, t.dim(0),
                                chosen)));
                    }
                }
                Slices.leadingMasks(in, b, leading(in), chosen);
                if (targets.rank() > 2) {
                    Tensor all = targets;
                    targetLengths = targetLengths.map(l -> Slices.leadingLengths(l, all.dim(0), chosen));
                    targets = Slices.leading(targets, chosen);
                } else {
                    targets = Slices.rowGroups(targets, examples, chosen);
                }
                if (leaveOneOut && keyRows != null) {
                    b.mask((batch, i, j) -> i != j);
                }
            }
            case KERNEL_ROWS -> {
                int[] keys = keyRows == null ? chosen : keyRows;
                for (String n : in.names()) {
                    put(b, n, in.tensor(n), in.lengths(n));
                }
                b.put(QUERIES, Slices.rows(in.tensor(QUERIES), chosen));
                b.put(KEYS, Slices.rows(in.tensor(KEYS), keys));
                b.put(VALUES, Slices.rows(in.tensor(VALUES), keys));
                Slices.rowMasks(in, b, chosen, keys);
                targets = Slices.rows(targets, chosen);
            }
            default -> {
                for (String n : in.names()) {
                    put(b, n, in.tensor(n), in.lengths(n));
                }
                b.put(QUERIES, Slices.rows(in.tensor(QUERIES), chosen));
                Slices.rowMasks(in, b, chosen, null);
                targets = Slices.rows(targets, chosen);
            }
        }
        return new TrainingData(b.build(), targets, targetLengths);
    }

    /** The size of the batched inputs' leading dimension. */
    private static int leading(AttentionInputs in) {
        return in.names().stream().map(in::tensor).filter(t -> t.rank() > 2).mapToInt(t -> t.dim(0)).findFirst()
                .orElse(1);
    }

    private static void put(AttentionInputs.Builder b, String name, Tensor t, Optional<int[]> lengths) {
        if (lengths.isPresent()) {
            b.put(name, t, lengths.get());
        } else {
            b.put(name, t);
        }
    }

    private int[] complement(int[] fold) {
        int[] out = new int[examples - fold.length];
        int k = 0;
        int f = 0;
        for (int e = 0; e < examples; e++) {
            if (f < fold.length && fold[f] == e) {
                f++;
            } else {
                out[k++] = e;
            }
        }
        return out;
    }

    /** Targets must split with the examples: one row (or group of rows, or leading entry) per example. */
    private static void requireTargets(TrainingData data, Axis axis, int n) {
        Tensor t = data.targets();
        boolean fits = axis == Axis.SEQUENCES
                ? (t.rank() > 2 ? t.dim(0) == n : t.rows() % n == 0)
                : t.rank() == 2 && t.rows() == n;
        if (!fits) {
            throw new AttentionException("targets of shape " + Arrays.toString(t.shape()) + " do not split into the "
                    + n + " " + axis.description + " the folds are made of; give one target row per " + (axis
                    == Axis.SEQUENCES ? "sequence (or per row of each sequence)" : "query row"));
        }
    }
}
