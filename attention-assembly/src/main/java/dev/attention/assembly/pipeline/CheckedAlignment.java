package dev.attention.assembly.pipeline;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.Independence;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.OptionalDouble;

/** An alignment whose scores and gradients are checked for shape and finiteness (see {@link PluginFault}). */
record CheckedAlignment(Alignment alignment, PluginFault check) implements Alignment {

    @Override
    public Tensor scores(Tensor queries, Tensor keys) {
        Tensor s = check.call(() -> alignment.scores(queries, keys));
        check.shape("scores", s, PluginFault.withCols(queries.shape(), keys.rows()), "queries "
                + ShapeException.format(queries.shape()) + " and keys " + ShapeException.format(keys.shape()));
        check.finite("scores", s);
        return s;
    }

    @Override
    public AlignmentGradients backward(Tensor queries, Tensor keys, Tensor scoreGradient) {
        AlignmentGradients g = check.call(() -> alignment.backward(queries, keys, scoreGradient));
        check.shape("a queries gradient", g.queries(), queries.shape(), "queries");
        check.shape("a keys gradient", g.keys(), keys.shape(), "keys");
        return g;
    }

    @Override
    public OptionalDouble dotProductScale(int width) {
        return alignment.dotProductScale(width);
    }

    @Override
    public Independence independence() {
        return alignment.independence();
    }

    @Override
    public Parameters parameters() {
        return alignment.parameters();
    }

    @Override
    public Alignment withParameters(Parameters parameters) {
        return new CheckedAlignment(check.call(() -> alignment.withParameters(parameters)), check);
    }
}
