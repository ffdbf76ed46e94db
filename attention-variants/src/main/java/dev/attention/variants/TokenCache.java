package dev.attention.variants;

import dev.attention.api.DType;
import dev.attention.api.Tensor;

/**
 * A decoder's cached rows of one kind (keys or values), {@code width} numbers each: every row
 * appended, or the last {@code window} in a ring so memory is bounded by the window. Rows are read
 * back oldest first, one head's columns at a time.
 */
final class TokenCache {
    private final int width;
    private final int window;
    private double[] rows;
    private int appended;

    /** @param window rows kept, 0 for all */
    TokenCache(int width, int window) {
        this.width = width;
        this.window = window;
        this.rows = new double[(window > 0 ? window : 16) * width];
    }

    int width() {
        return width;
    }

    /** Rows kept now. */
    int size() {
        return window > 0 ? Math.min(appended, window) : appended;
    }

    void append(double[] row) {
        int slot;
        if (window > 0) {
            slot = appended % window;
        } else {
            slot = appended;
            if ((slot + 1) * width > rows.length) {
                rows = java.util.Arrays.copyOf(rows, rows.length * 2);
            }
        }
        System.arraycopy(row, 0, rows, slot * width, width);
        appended++;
    }

    /** Columns {@code [h·headWidth, (h+1)·headWidth)} of the kept rows, oldest first: {@code [size, headWidth]}. */
    Tensor head(int h, int headWidth, DType dtype) {
        int n = size();
        int oldest = appended - n;
        double[] out = new double[n * headWidth];
        for (int r = 0; r < n; r++) {
            int slot = window > 0 ? (oldest + r) % window : oldest + r;
            System.arraycopy(rows, slot * width + h * headWidth, out, r * headWidth, headWidth);
        }
        return Tensor.of(dtype, new int[] {n, headWidth}, out);
    }
}
