package dev.attention.variants;

import dev.attention.api.AttentionResult;
import dev.attention.api.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of a variant that returns more than output and weights (area, hard, local-p,
 * monotonic, MoChA): {@code output}, {@code weights}, then its own named tensors. The map keeps
 * that order because callers and the written files list results in it.
 */
final class NamedResults {
    private NamedResults() {
    }

    static AttentionResult of(Tensor output, Tensor weights, String name, Tensor tensor) {
        Map<String, Tensor> out = outputAndWeights(output, weights);
        out.put(name, tensor);
        return AttentionResult.of(out);
    }

    /** Output, weights, then {@code named} in its iteration order. */
    static AttentionResult of(Tensor output, Tensor weights, Map<String, Tensor> named) {
        Map<String, Tensor> out = outputAndWeights(output, weights);
        out.putAll(named);
        return AttentionResult.of(out);
    }

    private static Map<String, Tensor> outputAndWeights(Tensor output, Tensor weights) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(AttentionResult.OUTPUT, output);
        out.put(AttentionResult.WEIGHTS, weights);
        return out;
    }
}
