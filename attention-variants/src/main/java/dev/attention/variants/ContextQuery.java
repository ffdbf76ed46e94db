package dev.attention.variants;

import dev.attention.api.DType;
import dev.attention.api.Tensor;

/**
 * A learned context vector {@code u [1, k]} used as the single query of every batch element, and
 * its gradient: every element shares {@code u}, so its gradient sums the query rows' gradients.
 */
final class ContextQuery {
    private ContextQuery() {
    }

    /** {@code u} repeated as {@code [batch…, 1, k]} for the batch dimensions of {@code like}. */
    static Tensor broadcast(Tensor u, Tensor like) {
        int[] shape = like.shape();
        shape[shape.length - 2] = 1;
        shape[shape.length - 1] = u.cols();
        Tensor.Builder q = Tensor.builder(like.dtype(), shape);
        for (int b = 0; b < like.batchSize(); b++) {
            for (int c = 0; c < u.cols(); c++) {
                q.set(b, 0, c, u.at(c));
            }
        }
        return q.build();
    }

    /** {@code dL/du} from {@code dL/dq} of {@link #broadcast}'s result. */
    static Tensor gradient(Tensor dq, DType dtype) {
        return LinearMaps.biasGradient(dq, dtype);
    }
}
