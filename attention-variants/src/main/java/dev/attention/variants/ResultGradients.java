package dev.attention.variants;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionResult;
import dev.attention.api.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The gradients a caller gives a backward pass for the {@code output} and {@code weights} of a
 * result; either may be null (= zero). Any other name is refused, shapes are checked.
 */
record ResultGradients(Tensor output, Tensor weights) {

    static ResultGradients read(String variantId, Map<String, Tensor> given, int[] outputShape, int[] weightsShape) {
        for (String name : given.keySet()) {
            if (!name.equals(AttentionResult.OUTPUT) && !name.equals(AttentionResult.WEIGHTS)) {
                throw new AttentionException(variantId + " attention has no result '" + name
                        + "'; gradients can be given for " + List.of(AttentionResult.OUTPUT, AttentionResult.WEIGHTS));
            }
        }
        return new ResultGradients(checked(given, AttentionResult.OUTPUT, outputShape),
                checked(given, AttentionResult.WEIGHTS, weightsShape));
    }

    private static Tensor checked(Map<String, Tensor> given, String name, int[] shape) {
        Tensor g = given.get(name);
        if (g != null) {
            Attend.requireShape("gradient of '" + name + "'", g, shape);
        }
        return g;
    }
}
