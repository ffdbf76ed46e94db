package dev.attention.variants;

import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import java.util.List;
import java.util.Random;

/**
 * Provider of the {@code pooling} variant: attention pooling of a sequence into one row with a
 * learned context vector (Yang et al. 2016). See {@link PoolingVariant}.
 */
public final class PoolingProvider implements VariantProvider {
    static final String HIDDEN = "hidden";

    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.intParam(HIDDEN).defaultValue(0).atLeast(0)
                    .doc("width of the keys k_t = tanh(W h_t + b), W [hidden, d]; 0 = the sequence itself is the keys"));

    public PoolingProvider() {
        // ServiceLoader needs a public no-argument constructor.
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return "pooling";
    }

    @Override
    public String description() {
        return "attention pooling with a learned context vector u: output = Σ_t f(a(k_t, u)) · h_t,"
                + " k_t = tanh(W h_t + b) (hidden > 0) or h_t";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    /**
     * Draws {@code u} and then {@code W} Xavier-uniform from the context's random; {@code b} starts
     * at zero.
     *
     * @throws ConfigException when the sequence's width, which sizes u and W, is unknown
     */
    @Override
    public Variant create(PluginContext context) {
        int d = context.requireWidth(PoolingVariant.SEQUENCE);
        int hidden = context.getInt(HIDDEN);
        int k = hidden > 0 ? hidden : d;
        DType dtype = context.dtype();
        Random random = context.random();
        Tensor u = LinearMaps.xavierUniform(random, dtype, 1, k);
        PoolingVariant.Keys keys = hidden > 0
                ? new PoolingVariant.Keys(LinearMaps.xavierUniform(random, dtype, hidden, d), Tensor.zeros(dtype, 1, hidden))
                : null;
        return new PoolingVariant(context.alignment(k, k), context.distribution(), u, keys, context.kernel());
    }
}
