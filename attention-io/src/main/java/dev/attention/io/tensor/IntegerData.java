package dev.attention.io.tensor;

import dev.attention.api.DType;
import dev.attention.api.Tensor;

/**
 * An integer array read as data (node indices such as a graph's {@code edges}, class labels, counts):
 * a float64 tensor holding the same numbers. A double holds every integer of magnitude below 2^53
 * exactly, so anything that large is refused rather than rounded to a neighbouring index.
 */
final class IntegerData {
    /** 2^53: the first integer from which doubles skip integers. */
    static final double EXACT_LIMIT = 0x1p53;

    private IntegerData() {
    }

    /**
     * @param file   for messages
     * @param tensor the safetensors tensor's name for messages, or null
     */
    static Tensor toTensor(String file, String tensor, MaskArray a) {
        long[] dims = new long[a.shape().length];
        int[] stored = a.shape();
        for (int k = 0; k < dims.length; k++) {
            dims[k] = stored[k];
        }
        Tensor.Builder b = Tensor.builder(DType.FLOAT64, TensorShapes.toTensor(dims));
        double[] v = a.values();
        for (int k = 0; k < v.length; k++) {
            // A value converted to double that reaches 2^53 was at least 2^53 − ½ before rounding.
            if (Math.abs(v[k]) >= EXACT_LIMIT) {
                String why = "element " + k + " (row-major) of dtype '" + a.dtype() + "' is about "
                        + new java.math.BigDecimal(v[k]).toPlainString() + ", beyond 2^53 − 1"
                        + " (9007199254740991), the largest integer data loads exactly; store smaller values";
                throw tensor == null ? Problems.inFile(file, why) : Problems.inTensor(file, tensor, why);
            }
            b.set(k, v[k]);
        }
        return b.build();
    }
}
