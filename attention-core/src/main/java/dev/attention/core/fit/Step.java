package dev.attention.core.fit;

import java.util.Map;

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
}
