package dev.attention.train.fit;

import java.util.HashMap;
import java.util.Map;

/** {@link Optimizer.Sgd}: {@code v ← μ v + g} ({@code v = g} on the first step), {@code p ← p − lr v}. */
final class SgdStep extends Step {
    private final double momentum;
    private Map<String, double[]> velocity = new HashMap<>();
    private int steps;

    SgdStep(Optimizer.Sgd sgd) {
        this.momentum = sgd.momentum();
    }

    @Override
    void apply(Map<String, double[]> parameters, Map<String, double[]> gradients, double lr) {
        steps++;
        for (Map.Entry<String, double[]> e : parameters.entrySet()) {
            double[] p = e.getValue();
            double[] g = gradients.get(e.getKey());
            double[] d = g;
            if (momentum > 0) {
                double[] v = velocity.get(e.getKey());
                if (v == null) {
                    // PyTorch starts the buffer at the first gradient rather than at zero.
                    v = g.clone();
                    velocity.put(e.getKey(), v);
                } else {
                    for (int k = 0; k < v.length; k++) {
                        v[k] = momentum * v[k] + g[k];
                    }
                }
                d = v;
            }
            for (int k = 0; k < p.length; k++) {
                p[k] -= lr * d[k];
            }
        }
    }

    @Override
    int steps() {
        return steps;
    }

    @Override
    Map<String, double[]> buffers() {
        return copies("velocity", velocity);
    }

    @Override
    void restore(int steps, Map<String, double[]> buffers) {
        this.steps = steps;
        velocity = restored("velocity", buffers);
    }
}
