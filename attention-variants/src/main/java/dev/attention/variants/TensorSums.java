package dev.attention.variants;

import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Arrays;

/**
 * Element-wise sums of equally shaped tensors: the gradient of an input that feeds several operands
 * (self-attention's sequence is Q, K and V) is the sum of the gradients along each path.
 */
final class TensorSums {
    private TensorSums() {
    }

    /** {@code first + rest…} in {@code first}'s dtype, summed in double and rounded once. */
    static Tensor sum(Tensor first, Tensor... rest) {
        for (Tensor t : rest) {
            if (!Arrays.equals(t.shape(), first.shape())) {
                throw new ShapeException("cannot add shapes " + ShapeException.format(first.shape()) + " and "
                        + ShapeException.format(t.shape()));
            }
        }
        Tensor.Builder out = Tensor.builder(first.dtype(), first.shape());
        for (int k = 0; k < first.size(); k++) {
            double acc = first.at(k);
            for (Tensor t : rest) {
                acc += t.at(k);
            }
            out.set(k, acc);
        }
        return out.build();
    }
}
