package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.PluginContext;

/** Creating the variant through its provider, as the engine would, and small tensor literals. */
final class Fixtures {
    private Fixtures() {
    }

    static Variant global(Alignment alignment, Distribution distribution) {
        GlobalProvider p = new GlobalProvider();
        return p.create(PluginContext.builder(p.id(), p.parameters())
                .alignment(alignment).distribution(distribution).build());
    }

    /** A float64 tensor of the given shape, row-major. */
    static Tensor t(int[] shape, double... values) {
        return Tensor.of(DType.FLOAT64, shape, values);
    }

    static int[] shape(int... dims) {
        return dims;
    }
}
