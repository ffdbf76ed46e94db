package dev.attention.variants;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionResult;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Arrays;
import java.util.Map;

/** Checks the {@code dL/d(result)} a caller hands to {@code backward} against the result itself. */
final class ResultGradients {
    private ResultGradients() {
    }

    /**
     * @throws AttentionException for a name the result does not have, listing those it has
     * @throws ShapeException for a gradient whose shape differs from its result tensor's
     */
    static void check(String variant, AttentionResult result, Map<String, Tensor> given) {
        for (Map.Entry<String, Tensor> e : given.entrySet()) {
            if (!result.names().contains(e.getKey())) {
                throw new AttentionException(variant + " has no result '" + e.getKey()
                        + "'; gradients can be given for " + result.names());
            }
            int[] expected = result.get(e.getKey()).shape();
            if (!Arrays.equals(e.getValue().shape(), expected)) {
                throw new ShapeException("gradient of '" + e.getKey() + "' has shape "
                        + ShapeException.format(e.getValue().shape()) + ", expected " + ShapeException.format(expected));
            }
        }
    }
}
