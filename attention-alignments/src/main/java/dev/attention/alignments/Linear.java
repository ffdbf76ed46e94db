package dev.attention.alignments;

/**
 * The linear map of every row, {@code Y = X Wᵀ}, with {@code W} stored {@code [out, in]} like
 * PyTorch's {@code nn.Linear} weight, and its backward. Flat row-major double arrays; the batch
 * dimensions are folded into the rows, since the same W maps every row.
 */
final class Linear {
    private Linear() {
    }

    /** {@code y[r, o] = Σ_c x[r, c] · w[o, c]} for {@code x [rows, in]}: {@code [rows, out]}. */
    static double[] forward(double[] x, int rows, double[] w, int out, int in) {
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double acc = 0;
                for (int c = 0; c < in; c++) {
                    acc += x[r * in + c] * w[o * in + c];
                }
                y[r * out + o] = acc;
            }
        }
        return y;
    }

    /**
     * Given {@code dY = dL/dY} ({@code [rows, out]}) fills {@code dx += dY W} ({@code [rows, in]})
     * and {@code dw += dYᵀ X} ({@code [out, in]}).
     */
    static void backward(double[] x, int rows, double[] w, int out, int in, double[] dy, double[] dx, double[] dw) {
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double g = dy[r * out + o];
                if (g == 0) {
                    continue;
                }
                for (int c = 0; c < in; c++) {
                    dx[r * in + c] += g * w[o * in + c];
                    dw[o * in + c] += g * x[r * in + c];
                }
            }
        }
    }
}
