package dev.attention.train.fit;

import dev.attention.api.Tensor;

/**
 * Copies of chosen examples of tensors, as fit's mini-batches and search's folds take them: rows of
 * a matrix, entries of the leading dimension, groups of rows, and the matching padding lengths.
 * Internal to the train module (search uses it too).
 */
public final class Slices {
    private Slices() {
    }

    /**
     * The chosen blocks of {@code t}, where block {@code e} is the {@code t.size() / blocks}
     * consecutive cells starting at {@code e · size / blocks}, in the order chosen; {@code shape} is
     * the result's shape.
     */
    static Tensor blocks(Tensor t, int blocks, int[] chosen, int[] shape) {
        int inner = t.size() / blocks;
        Tensor.Builder b = Tensor.builder(t.dtype(), shape);
        for (int e = 0; e < chosen.length; e++) {
            int from = chosen[e] * inner;
            for (int k = 0; k < inner; k++) {
                b.set(e * inner + k, t.at(from + k));
            }
        }
        return b.build();
    }

    /** Rows {@code chosen} of a {@code [n, d]} matrix, in that order. */
    public static Tensor rows(Tensor t, int[] chosen) {
        return blocks(t, t.rows(), chosen, new int[] {chosen.length, t.cols()});
    }

    /** Entries {@code chosen} of the leading dimension of a tensor of rank &gt; 2. */
    public static Tensor leading(Tensor t, int[] chosen) {
        int[] shape = t.shape();
        int lead = shape[0];
        shape[0] = chosen.length;
        return blocks(t, lead, chosen, shape);
    }

    /** Groups of {@code rows / examples} rows of a matrix, one group per example. */
    public static Tensor rowGroups(Tensor t, int examples, int[] chosen) {
        return blocks(t, examples, chosen, new int[] {chosen.length * (t.rows() / examples), t.cols()});
    }

    /** The padding lengths (one per flattened batch element) of the chosen entries of a leading dimension of size {@code lead}. */
    public static int[] leadingLengths(int[] lengths, int lead, int[] chosen) {
        int inner = lengths.length / lead;
        int[] out = new int[chosen.length * inner];
        for (int e = 0; e < chosen.length; e++) {
            System.arraycopy(lengths, chosen[e] * inner, out, e * inner, inner);
        }
        return out;
    }
}
