package dev.attention.train.fit;

import dev.attention.api.Tensor;

/** Copies of chosen rows or leading-dimension entries of tensors and their padding lengths. */
final class Slices {
    private Slices() {
    }

    /** Rows {@code rows} of a {@code [n, d]} matrix, in that order. */
    static Tensor rows(Tensor t, int[] rows) {
        int cols = t.cols();
        Tensor.Builder b = Tensor.builder(t.dtype(), rows.length, cols);
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < cols; c++) {
                b.set(r * cols + c, t.at(rows[r] * cols + c));
            }
        }
        return b.build();
    }

    /** Entries {@code index} of the leading dimension of a tensor of rank &gt; 2. */
    static Tensor leading(Tensor t, int[] index) {
        int[] shape = t.shape();
        int inner = t.size() / shape[0];
        shape[0] = index.length;
        Tensor.Builder b = Tensor.builder(t.dtype(), shape);
        for (int e = 0; e < index.length; e++) {
            for (int k = 0; k < inner; k++) {
                b.set(e * inner + k, t.at(index[e] * inner + k));
            }
        }
        return b.build();
    }

    /** Lengths (one per flattened batch element) of the entries {@code index} of the leading dimension. */
    static int[] leadingLengths(int[] lengths, int leadingSize, int[] index) {
        int inner = lengths.length / leadingSize;
        int[] out = new int[index.length * inner];
        for (int e = 0; e < index.length; e++) {
            System.arraycopy(lengths, index[e] * inner, out, e * inner, inner);
        }
        return out;
    }
}
