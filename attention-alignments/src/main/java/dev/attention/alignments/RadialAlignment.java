package dev.attention.alignments;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.Map;

/**
 * A kernel of the distance between query and key: {@code a(k, q) = −‖q − k‖^p / (p · θ^p)} with
 * a learnable width {@code θ = exp(ℓ)}, kept positive by learning its logarithm {@code ℓ [1, 1]}.
 * Power 2 is the Gaussian kernel's exponent {@code −‖q − k‖²/(2σ²)}, power 1 the Laplace kernel's
 * {@code −‖q − k‖/b}. Serves both plugins; the id and parameter name only differ. Immutable.
 */
final class RadialAlignment implements Alignment {
    private final String id;
    private final String logWidth;
    private final int power;
    private final Weights weights;

    /**
     * @param id       the plugin id for messages
     * @param logWidth the parameter's name ({@code log_sigma}, {@code log_b})
     * @param power    1 or 2
     * @param weights  holding {@code logWidth [1, 1]}
     */
    RadialAlignment(String id, String logWidth, int power, Weights weights) {
        if (power != 1 && power != 2) {
            throw new IllegalArgumentException(id + ": power must be 1 or 2, got " + power);
        }
        this.id = id;
        this.logWidth = logWidth;
        this.power = power;
        this.weights = weights;
    }

    @Override
    public Tensor scores(Tensor queries, Tensor keys) {
        Operands o = Operands.of(id, queries, keys);
        return o.scores(scores(Products.squaredDistances(o)));
    }

    /** {@code s = −D^p / (p θ^p)} from the squared distances {@code D²}. */
    private double[] scores(double[] squaredDistances) {
        double factor = 1 / (power * Math.exp(power * weights.scalar(logWidth)));
        double[] s = new double[squaredDistances.length];
        for (int t = 0; t < s.length; t++) {
            double dp = power == 2 ? squaredDistances[t] : Math.sqrt(squaredDistances[t]);
            // 0 − x rather than −x: a query equal to a key scores +0.0, not −0.0.
            s[t] = 0 - factor * dp;
        }
        return s;
    }

    /**
     * {@code ds/dℓ = −p·s}, and {@code ds/dq = −D^(p−2) (q − k) / θ^p = −ds/dk}. For p = 1 the
     * distance's gradient {@code (q − k)/D} is undefined at q = k; it is taken as 0 there (the
     * subgradient of the norm with the smallest magnitude), so backward stays finite.
     */
    @Override
    public AlignmentGradients backward(Tensor queries, Tensor keys, Tensor scoreGradient) {
        Operands o = Operands.of(id, queries, keys);
        double[] g = o.scoreGradient(id, scoreGradient);
        double[] d2 = Products.squaredDistances(o);
        double[] s = scores(d2);
        double inverseWidthP = Math.exp(-power * weights.scalar(logWidth));
        double[] coefficients = new double[g.length];
        double dLogWidth = 0;
        for (int t = 0; t < g.length; t++) {
            dLogWidth += g[t] * -power * s[t];
            double distanceFactor = power == 2 ? 1 : d2[t] > 0 ? 1 / Math.sqrt(d2[t]) : 0;
            coefficients[t] = -g[t] * inverseWidthP * distanceFactor;
        }
        double[] dQueries = new double[o.queries.length];
        double[] dKeys = new double[o.keys.length];
        Products.backThroughDifferences(o, coefficients, dQueries, dKeys);
        return o.gradients(dQueries, dKeys, weights.gradients(Map.of(logWidth, new double[] {dLogWidth})));
    }

    @Override
    public Parameters parameters() {
        return weights.parameters();
    }

    @Override
    public Alignment withParameters(Parameters parameters) {
        return new RadialAlignment(id, logWidth, power, weights.with(parameters));
    }

    @Override
    public String toString() {
        return id + "(" + logWidth + "=" + weights.scalar(logWidth) + ")";
    }
}
