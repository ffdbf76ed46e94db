package dev.attention.io.tensor;

import java.util.Arrays;

/**
 * Shapes as files store them (any rank, 64-bit dimensions) versus {@link dev.attention.api.Tensor}
 * (rank ≥ 2, 2^31 elements at most). A scalar becomes [1, 1] and a 1-d array of n values a column
 * [n, 1] — one sample per row, as a CSV column would load; higher ranks are kept, leading
 * dimensions being batch dimensions.
 */
final class TensorShapes {
    private TensorShapes() {
    }

    /** Number of elements, or -1 when it does not fit a long. */
    static long elements(long[] dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                return -1;
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return n;
    }

    /** The tensor shape for stored dimensions, or null when it holds more than a tensor can. */
    static int[] toTensor(long[] dims) {
        long n = elements(dims);
        if (n < 0 || n > Integer.MAX_VALUE - 8) {
            return null;
        }
        if (dims.length == 0) {
            return new int[] {1, 1};
        }
        if (dims.length == 1) {
            return new int[] {(int) dims[0], 1};
        }
        int[] out = new int[dims.length];
        for (int k = 0; k < dims.length; k++) {
            out[k] = (int) dims[k];
        }
        return out;
    }

    static String format(long[] dims) {
        return Arrays.toString(dims);
    }
}
