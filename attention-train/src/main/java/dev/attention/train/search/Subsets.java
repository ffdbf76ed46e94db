package dev.attention.train.search;

import dev.attention.api.Tensor;

/** Copies of chosen examples of a tensor: rows of a matrix, or entries of the leading dimension. */
final class Subsets {
    private Subsets() {
    }

    /**
     * The chosen blocks of {@code t}, where block {@code e} is the {@code t.size() / blocks}
     * consecutive cells starting at {@code e · size / blocks}; {@code shape} is the result's shape.
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

    /** Rows {@code chosen} of a {@code [n, d]} matrix. */
    static Tensor rows(Tensor t, int[] chosen) {
        return blocks(t, t.rows(), chosen, new int[] {chosen.length, t.cols()});
    }

    /** Entries {@code chosen} of the leading dimension of a tensor of rank &gt; 2. */
    static Tensor leading(Tensor t, int[] chosen) {
        int[] shape = t.shape();
        int lead = shape[0];
        shape[0] = chosen.length;
        return blocks(t, lead, chosen, shape);
    }

    /** Groups of {@code rows / examples} rows of a matrix, one group per example. */
    static Tensor rowGroups(Tensor t, int examples, int[] chosen) {
        return blocks(t, examples, chosen, new int[] {chosen.length * (t.rows() / examples), t.cols()});
    }

    /** The padding lengths (one per flattened batch element) of the chosen leading entries. */
    static int[] lengths(int[] lengths, int lead, int[] chosen) {
        int inner = lengths.length / lead;
        int[] out = new int[chosen.length * inner];
        for (int e = 0; e < chosen.length; e++) {
            System.arraycopy(lengths, chosen[e] * inner, out, e * inner, inner);
        }
        return out;
    }
}
