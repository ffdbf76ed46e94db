package dev.attention.train.fit;

import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.util.Random;

/** Applies an {@link Init} scheme to parameters, and creates a new head. */
final class Initializer {
    private final Init init;
    private final Random random;

    Initializer(Init init, long seed) {
        this.init = init;
        this.random = Seeds.stream(seed, "init");
    }

    /** The parameters redrawn by the scheme; one-element parameters and {@link Init.Keep} keep theirs. */
    Parameters apply(Parameters parameters) {
        if (init instanceof Init.Keep) {
            return parameters;
        }
        return parameters.map((name, t) -> t.size() > 1 ? draw(t.dtype(), t.shape(), init) : t);
    }

    /**
     * A head {@code [outputs, inputs]}: its weight drawn by the scheme (Xavier when the plugins'
     * initialisation is kept, since a new head has none), its bias zero (or the constant).
     */
    Head head(DType dtype, int outputs, int inputs) {
        Init weights = init instanceof Init.Keep ? new Init.Xavier() : init;
        Tensor bias = init instanceof Init.Constant c ? draw(dtype, new int[] {1, outputs}, c)
                : Tensor.zeros(dtype, 1, outputs);
        return Head.of(draw(dtype, new int[] {outputs, inputs}, weights), bias);
    }

    private Tensor draw(DType dtype, int[] shape, Init scheme) {
        int out = shape[shape.length - 2];
        int in = shape[shape.length - 1];
        Tensor.Builder b = Tensor.builder(dtype, shape);
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        double bound = scheme instanceof Init.He ? Math.sqrt(6.0 / in) : Math.sqrt(6.0 / (in + out));
        for (int k = 0; k < size; k++) {
            b.set(k, scheme instanceof Init.Constant c ? c.value() : (2 * random.nextDouble() - 1) * bound);
        }
        return b.build();
    }
}
