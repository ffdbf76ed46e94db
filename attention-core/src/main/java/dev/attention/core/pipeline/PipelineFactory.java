package dev.attention.core.pipeline;

import dev.attention.api.Alignment;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Pipeline;
import dev.attention.api.PluginException;
import dev.attention.api.Variant;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.PluginKind;
import dev.attention.api.spi.PluginProvider;
import dev.attention.api.spi.VariantProvider;
import dev.attention.core.config.ComponentConfig;
import dev.attention.core.config.LevelConfig;
import dev.attention.core.config.Position;
import dev.attention.core.plugin.PluginRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Assembles a {@link Pipeline} from component choices, for configuration files and the Java
 * builder alike. Parameter errors come back as {@link ConfigException}s at the parameter's
 * position in the file (when there is one) under its full key, e.g. {@code pipeline.softmax...}.
 */
public final class PipelineFactory {
    private final PluginRegistry registry;

    public PipelineFactory(PluginRegistry registry) {
        this.registry = registry;
    }

    /** A pipeline whose input widths are not known (fine unless a plugin sizes parameters by them). */
    public Pipeline create(String name, DType dtype, long seed, ComponentConfig variant, ComponentConfig alignment,
            ComponentConfig distribution) {
        return create(name, dtype, seed, variant, alignment, distribution, Map.of());
    }

    /**
     * A pipeline for inputs of the given widths (last dimension by input name), which size the
     * learnable parameters of its plugins.
     */
    public Pipeline create(String name, DType dtype, long seed, ComponentConfig variant, ComponentConfig alignment,
            ComponentConfig distribution, Map<String, Integer> inputWidths) {
        return create(name, dtype, seed, variant, alignment, distribution, inputWidths, List.of());
    }

    /**
     * A pipeline whose hierarchical variant gets one context per level (innermost first, see
     * {@code PluginContext.levels()}): the level's alignment and distribution, and the variant's
     * parameters with the level's overrides, validated against the variant's specs.
     *
     * @throws ConfigException at the first level when the variant does not take levels
     */
    public Pipeline create(String name, DType dtype, long seed, ComponentConfig variant, ComponentConfig alignment,
            ComponentConfig distribution, Map<String, Integer> inputWidths, List<LevelConfig> levels) {
        provider(PluginKind.ALIGNMENT, alignment, AlignmentProvider.class);
        Distribution f = distribution(distribution, dtype, seed);
        VariantProvider vp = provider(PluginKind.VARIANT, variant, VariantProvider.class);
        if (!levels.isEmpty() && !vp.takesLevels()) {
            Position p = levels.get(0).position();
            throw new ConfigException(p.file(), p.line(), p.column(), "pipeline.levels", "variant '" + variant.id()
                    + "' does not take levels", "remove 'levels', or use a hierarchical variant such as multilevel");
        }
        List<PluginContext> levelContexts = new ArrayList<>();
        for (LevelConfig level : levels) {
            provider(PluginKind.ALIGNMENT, level.alignment(), AlignmentProvider.class);
            Distribution lf = distribution(level.distribution(), dtype, seed);
            ComponentConfig overrides = level.variant(variant.id());
            PluginContext.Builder b = context(vp, variant, x -> { });
            levelContexts.add(context(b, overrides, x -> x.dtype(dtype).seed(seed).widths(inputWidths)
                    .alignments(widths -> alignment(level.alignment(), dtype, seed, widths)).distribution(lf)));
        }
        Variant v = create(vp, variant, b -> b.dtype(dtype).seed(seed).widths(inputWidths)
                .alignments(widths -> alignment(alignment, dtype, seed, widths)).distribution(f).levels(levelContexts));
        // With levels, the pipeline's own alignment and distribution are only their defaults.
        String components = levels.isEmpty() ? alignment.id() + " / " + distribution.id()
                : levels.stream().map(l -> l.alignment().id() + " / " + l.distribution().id())
                        .collect(Collectors.joining(" | ", "levels [", "]"));
        return new AssembledPipeline(name, dtype, variant.id() + " / " + components, v);
    }

    /** True when the variant {@code c} names is hierarchical (takes {@code pipeline.levels}). */
    public boolean takesLevels(ComponentConfig c) {
        return provider(PluginKind.VARIANT, c, VariantProvider.class).takesLevels();
    }

    public Alignment alignment(ComponentConfig c, DType dtype, long seed) {
        return alignment(c, dtype, seed, Map.of());
    }

    /** An alignment for operands of the given widths ({@code queries}, {@code keys}). */
    public Alignment alignment(ComponentConfig c, DType dtype, long seed, Map<String, Integer> widths) {
        return create(provider(PluginKind.ALIGNMENT, c, AlignmentProvider.class), c,
                b -> b.dtype(dtype).seed(seed).widths(widths));
    }

    public Distribution distribution(ComponentConfig c, DType dtype, long seed) {
        return create(provider(PluginKind.DISTRIBUTION, c, DistributionProvider.class), c,
                b -> b.dtype(dtype).seed(seed));
    }

    private <P extends PluginProvider<?>> P provider(PluginKind kind, ComponentConfig c, Class<P> type) {
        try {
            return registry.provider(kind, c.id(), type);
        } catch (PluginException e) {
            Position p = c.position();
            throw new ConfigException(p.file(), p.line(), p.column(), c.key(), registry.unknownMessage(kind, c.id()),
                    "run 'attention plugins' to list them");
        }
    }

    /** A context builder with {@code c}'s parameters set, errors positioned at {@code c}. */
    private static PluginContext.Builder context(PluginProvider<?> provider, ComponentConfig c,
            Consumer<PluginContext.Builder> setup) {
        try {
            PluginContext.Builder b = PluginContext.builder(provider.id(), provider.parameters());
            c.parameters().forEach(b::parameter);
            setup.accept(b);
            return b;
        } catch (ConfigException e) {
            throw positioned(e, c);
        }
    }

    /** {@code b} with {@code c}'s parameters added on top, built; errors positioned at {@code c}. */
    private static PluginContext context(PluginContext.Builder b, ComponentConfig c,
            Consumer<PluginContext.Builder> setup) {
        try {
            c.parameters().forEach(b::parameter);
            setup.accept(b);
            return b.build();
        } catch (ConfigException e) {
            throw positioned(e, c);
        }
    }

    private <T> T create(PluginProvider<T> provider, ComponentConfig c, Consumer<PluginContext.Builder> setup) {
        PluginContext.Builder b = context(provider, c, setup);
        PluginContext context;
        try {
            context = b.build();
        } catch (ConfigException e) {
            throw positioned(e, c);
        }
        try {
            return provider.create(context);
        } catch (ConfigException e) {
            throw positioned(e, c);
        }
    }

    private static ConfigException positioned(ConfigException e, ComponentConfig c) {
        Position p = e.key().map(c::positionOf).orElse(c.position());
        return e.at(p.file(), p.line(), p.column(), c.key());
    }
}
