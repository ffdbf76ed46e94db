package dev.attention.spark;

import dev.attention.api.Tensor;

/**
 * The k largest weights of one query's row, largest first; equal weights go to the lower key index,
 * as the {@code hard} variant breaks ties, so the choice is reproducible.
 */
final class TopK {
    final int[] index;
    final double[] weight;

    private TopK(int[] index, double[] weight) {
        this.index = index;
        this.weight = weight;
    }

    /** Row {@code i} of weights {@code [n, m]}; fewer than k when there are fewer keys. */
    static TopK of(Tensor weights, int i, int k) {
        int m = weights.cols();
        int size = Math.min(k, m);
        int[] idx = new int[size];
        double[] w = new double[size];
        int filled = 0;
        for (int j = 0; j < m; j++) {
            double x = weights.get(i, j);
            if (filled == size && x <= w[size - 1]) {
                continue;
            }
            // Insertion into the short sorted list: k is small, and strict '>' keeps lower indices first.
            int pos = filled < size ? filled : size - 1;
            while (pos > 0 && x > w[pos - 1]) {
                if (pos < size) {
                    w[pos] = w[pos - 1];
                    idx[pos] = idx[pos - 1];
                }
                pos--;
            }
            w[pos] = x;
            idx[pos] = j;
            if (filled < size) {
                filled++;
            }
        }
        return new TopK(idx, w);
    }
}
