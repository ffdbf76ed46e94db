package dev.attention.train.fit;

import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values a fit updates in place, as flat double arrays in parameter order. After each step
 * they are rounded to the pipeline's dtype, so a float32 model trains in float32 precision as
 * its tensors would hold it.
 */
final class ParameterState {
    private final DType dtype;
    private final Map<String, int[]> shapes = new LinkedHashMap<>();
    private final Map<String, double[]> values = new LinkedHashMap<>();

    ParameterState(DType dtype, Parameters parameters) {
        this.dtype = dtype;
        parameters.asMap().forEach((n, t) -> {
            shapes.put(n, t.shape());
            values.put(n, t.toDoubleArray());
        });
    }

    /** The live arrays, for the optimizer. */
    Map<String, double[]> values() {
        return values;
    }

    void round() {
        if (dtype == DType.FLOAT32) {
            for (double[] v : values.values()) {
                for (int k = 0; k < v.length; k++) {
                    v[k] = (float) v[k];
                }
            }
        }
    }

    /** An immutable copy of the current values. */
    Parameters snapshot() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        values.forEach((n, v) -> m.put(n, Tensor.of(dtype, shapes.get(n), v)));
        return Parameters.of(m);
    }

    /** Global L2 norm of {@code gradients}, summed in parameter order. */
    static double norm(Map<String, double[]> gradients) {
        double s = 0;
        for (double[] g : gradients.values()) {
            for (double x : g) {
                s += x * x;
            }
        }
        return Math.sqrt(s);
    }
}
