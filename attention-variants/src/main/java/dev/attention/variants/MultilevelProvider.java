package dev.attention.variants;

import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.VariantProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Provider of the {@code multilevel} variant: hierarchical attention pooling over nested input
 * (Yang et al. 2016), one level per level of nesting (see {@link MultilevelVariant}). It takes
 * levels ({@link #takesLevels()}): each level context brings its own alignment, distribution and
 * {@code hidden}. Without level contexts (a Java caller, the contract kit) it has two levels, both
 * from the variant's own context: words within sentences, sentences within documents.
 */
public final class MultilevelProvider implements VariantProvider {
    static final String HIDDEN = "hidden";
    static final int DEFAULT_LEVELS = 2;

    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.intParam(HIDDEN).defaultValue(0).atLeast(0)
                    .doc("per level: width of the keys tanh(W h + b), W [hidden, d]; 0 = the rows themselves are the keys"));

    public MultilevelProvider() {
        // ServiceLoader needs a public no-argument constructor.
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return "multilevel";
    }

    @Override
    public String description() {
        return "hierarchical attention (Yang et al. 2016): level k pools the units of level k − 1"
                + " (tokens → sentences → documents), each level with its own alignment, distribution and u";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    @Override
    public boolean takesLevels() {
        return true;
    }

    /**
     * Level {@code k} draws {@code u} and then {@code W} Xavier-uniform from the stream
     * {@code "level<k>"}, so levels start different even when configured alike; {@code b} starts at 0.
     */
    @Override
    public Variant create(PluginContext context) {
        int d = context.requireWidth(MultilevelVariant.SEQUENCE);
        List<PluginContext> contexts = context.levels().isEmpty()
                ? java.util.Collections.nCopies(DEFAULT_LEVELS, context) : context.levels();
        List<Variant> levels = new ArrayList<>();
        for (int k = 1; k <= contexts.size(); k++) {
            PluginContext level = contexts.get(k - 1);
            int hidden = level.getInt(HIDDEN);
            int width = hidden > 0 ? hidden : d;
            Random random = level.random("level" + k);
            Tensor u = LinearMaps.xavierUniform(random, level.dtype(), 1, width);
            PoolingVariant.Keys keys = hidden > 0 ? new PoolingVariant.Keys(
                    LinearMaps.xavierUniform(random, level.dtype(), hidden, d), Tensor.zeros(level.dtype(), 1, hidden))
                    : null;
            levels.add(new PoolingVariant(level.alignment(width, width), level.distribution(), u, keys, level.kernel()));
        }
        return new MultilevelVariant(levels);
    }
}
