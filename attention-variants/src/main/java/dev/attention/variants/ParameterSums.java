package dev.attention.variants;

import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Name-wise sums of parameter gradients: a component shared by several attention steps
 * (co-attention's two sides and alternating steps, multi-head's heads, DiSAN's features) collects one
 * gradient per use.
 */
final class ParameterSums {
    private ParameterSums() {
    }

    /** Every name of {@code first} and {@code rest}, the tensors of equal names added. */
    static Parameters sum(Parameters first, Parameters... rest) {
        Map<String, Tensor> out = new LinkedHashMap<>(first.asMap());
        for (Parameters p : rest) {
            p.asMap().forEach((n, t) -> out.merge(n, t, (a, b) -> TensorSums.sum(a, b)));
        }
        return Parameters.of(out);
    }
}
