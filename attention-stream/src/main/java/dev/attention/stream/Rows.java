package dev.attention.stream;

import dev.attention.api.DType;
import dev.attention.api.Tensor;

/**
 * Fixed-width rows appended one at a time and addressed by their global index (0 is the first row
 * ever appended), whether or not older rows are still kept.
 */
interface Rows {

    /** Width of every row. */
    int width();

    /** Rows appended so far (the next row's index). */
    int size();

    /** Index of the oldest row still kept. */
    int first();

    void append(double[] row);

    /** Copies row {@code index} ({@code first() ≤ index < size()}) into {@code dst}. */
    void copy(int index, double[] dst);

    /** Rows {@code from..to−1} as a {@code [to − from, width]} matrix, for one alignment call. */
    default Tensor matrix(DType dtype, int from, int to) {
        int w = width();
        Tensor.Builder b = Tensor.builder(dtype, to - from, w);
        double[] row = new double[w];
        for (int r = from; r < to; r++) {
            copy(r, row);
            for (int c = 0; c < w; c++) {
                b.set((r - from) * w + c, row[c]);
            }
        }
        return b.build();
    }
}
