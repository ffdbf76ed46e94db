package dev.attention.variants;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionResult;
import dev.attention.api.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The {@code dL/d(output)} and {@code dL/d(weights)} a caller hands to {@code backward} (either may
 * be null = zero), after checking the whole map: names must be results the variant has and shapes
 * must match them. {@link #read} serves variants whose only differentiable results are
 * {@code output} and {@code weights}; {@link #check} those with more results, checked against the
 * result itself.
 */
record ResultGradients(Tensor output, Tensor weights) {

    static ResultGradients read(String variantId, Map<String, Tensor> given, int[] outputShape, int[] weightsShape) {
        requireOutputAndWeights(variantId, given);
        return new ResultGradients(checked(given, AttentionResult.OUTPUT, outputShape),
                checked(given, AttentionResult.WEIGHTS, weightsShape));
    }

    /**
     * The names check of {@link #read} alone, for a caller that wants it before any other work.
     *
     * @throws AttentionException for a name other than {@code output} and {@code weights}
     */
    static void requireOutputAndWeights(String variantId, Map<String, Tensor> given) {
        for (String name : given.keySet()) {
            if (!name.equals(AttentionResult.OUTPUT) && !name.equals(AttentionResult.WEIGHTS)) {
                throw new AttentionException(variantId + " attention has no result '" + name
                        + "'; gradients can be given for " + List.of(AttentionResult.OUTPUT, AttentionResult.WEIGHTS));
            }
        }
    }

    /**
     * Checks every given gradient against the result tensor of the same name; the caller reads any
     * gradient beyond output and weights from {@code given} itself.
     *
     * @throws AttentionException for a name the result does not have, listing those it has
     */
    static ResultGradients check(String variant, AttentionResult result, Map<String, Tensor> given) {
        for (Map.Entry<String, Tensor> e : given.entrySet()) {
            if (!result.names().contains(e.getKey())) {
                throw new AttentionException(variant + " has no result '" + e.getKey()
                        + "'; gradients can be given for " + result.names());
            }
            Attend.requireShape("gradient of '" + e.getKey() + "'", e.getValue(), result.get(e.getKey()).shape());
        }
        return new ResultGradients(given.get(AttentionResult.OUTPUT), given.get(AttentionResult.WEIGHTS));
    }

    private static Tensor checked(Map<String, Tensor> given, String name, int[] shape) {
        Tensor g = given.get(name);
        if (g != null) {
            Attend.requireShape("gradient of '" + name + "'", g, shape);
        }
        return g;
    }
}
