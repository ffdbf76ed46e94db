package dev.attention.train.fit;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One optimizer's per-parameter state and update rule. Mutable, owned by a single fit; parameters
 * are updated in place (the fit turns them into new immutable tensors afterwards).
 */
abstract class Step {

    static Step of(Optimizer optimizer) {
        if (optimizer instanceof Optimizer.Sgd s) {
            return new SgdStep(s);
        }
        return new AdamStep((Optimizer.Adam) optimizer);
    }

    /** Moves {@code parameters} along {@code gradients} (same names and lengths) at rate {@code lr}. */
    abstract void apply(Map<String, double[]> parameters, Map<String, double[]> gradients, double lr);

    /** Steps taken so far. */
    abstract int steps();

    /**
     * The per-parameter buffers, as {@code <buffer>.<parameter>} ({@code m.alignment.W}) → values,
     * copied; a buffer not yet created is absent.
     */
    abstract Map<String, double[]> buffers();

    /** Continues from {@link #steps()} and {@link #buffers()} of an earlier step of the same kind. */
    abstract void restore(int steps, Map<String, double[]> buffers);

    static Map<String, double[]> copies(String buffer, Map<String, double[]> values) {
        Map<String, double[]> out = new TreeMap<>();
        values.forEach((name, v) -> out.put(buffer + "." + name, v.clone()));
        return out;
    }

    /** The entries of {@code buffers} named {@code <buffer>.*}, without that prefix, copied. */
    static Map<String, double[]> restored(String buffer, Map<String, double[]> buffers) {
        Map<String, double[]> out = new HashMap<>();
        buffers.forEach((name, v) -> {
            if (name.startsWith(buffer + ".")) {
                out.put(name.substring(buffer.length() + 1), v.clone());
            }
        });
        return out;
    }
}
