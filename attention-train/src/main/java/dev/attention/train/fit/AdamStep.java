package dev.attention.train.fit;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link Optimizer.Adam}: decoupled weight decay {@code p ← p(1 − lr·wd)}, then
 * {@code m ← β₁m + (1−β₁)g}, {@code v ← β₂v + (1−β₂)g²},
 * {@code p ← p − lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε)}; t counts steps from 1.
 */
final class AdamStep extends Step {
    private final Optimizer.Adam adam;
    private Map<String, double[]> first = new HashMap<>();
    private Map<String, double[]> second = new HashMap<>();
    private int t;

    AdamStep(Optimizer.Adam adam) {
        this.adam = adam;
    }

    @Override
    void apply(Map<String, double[]> parameters, Map<String, double[]> gradients, double lr) {
        t++;
        double c1 = 1 - Math.pow(adam.beta1(), t);
        double c2 = 1 - Math.pow(adam.beta2(), t);
        for (Map.Entry<String, double[]> e : parameters.entrySet()) {
            double[] p = e.getValue();
            double[] g = gradients.get(e.getKey());
            double[] m = first.computeIfAbsent(e.getKey(), k -> new double[p.length]);
            double[] v = second.computeIfAbsent(e.getKey(), k -> new double[p.length]);
            for (int k = 0; k < p.length; k++) {
                if (adam.weightDecay() > 0) {
                    p[k] *= 1 - lr * adam.weightDecay();
                }
                m[k] = adam.beta1() * m[k] + (1 - adam.beta1()) * g[k];
                v[k] = adam.beta2() * v[k] + (1 - adam.beta2()) * g[k] * g[k];
                p[k] -= lr * (m[k] / c1) / (Math.sqrt(v[k] / c2) + adam.eps());
            }
        }
    }

    @Override
    int steps() {
        return t;
    }

    @Override
    Map<String, double[]> buffers() {
        Map<String, double[]> out = new TreeMap<>(copies("m", first));
        out.putAll(copies("v", second));
        return out;
    }

    @Override
    void restore(int steps, Map<String, double[]> buffers) {
        t = steps;
        first = restored("m", buffers);
        second = restored("v", buffers);
    }
}
