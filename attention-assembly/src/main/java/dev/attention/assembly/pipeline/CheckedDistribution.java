package dev.attention.assembly.pipeline;

import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Independence;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.OptionalDouble;

/**
 * A distribution whose weights and gradients are checked for shape and finiteness, and whose weights
 * are held to the distribution contract (in [0, 1], rows summing to 1 when it says so, masked rows
 * zero; see {@link PluginFault#distribution}).
 */
record CheckedDistribution(Distribution distribution, PluginFault check) implements Distribution {

    @Override
    public Tensor weights(Tensor scores, Mask mask) {
        Tensor w = check.call(() -> distribution.weights(scores, mask));
        check.shape("weights", w, scores.shape(), "scores " + ShapeException.format(scores.shape()));
        check.finite("weights", w);
        check.distribution(w, mask, distribution.sumsToOne());
        return w;
    }

    @Override
    public DistributionGradients backward(Tensor scores, Mask mask, Tensor weights, Tensor weightGradient) {
        DistributionGradients g = check.call(() -> distribution.backward(scores, mask, weights, weightGradient));
        check.shape("a scores gradient", g.scores(), scores.shape(), "scores");
        return g;
    }

    @Override
    public boolean sumsToOne() {
        return distribution.sumsToOne();
    }

    @Override
    public OptionalDouble softmaxTemperature() {
        return distribution.softmaxTemperature();
    }

    @Override
    public Independence independence() {
        return distribution.independence();
    }

    @Override
    public Parameters parameters() {
        return distribution.parameters();
    }

    @Override
    public Distribution withParameters(Parameters parameters) {
        return new CheckedDistribution(check.call(() -> distribution.withParameters(parameters)), check);
    }
}
