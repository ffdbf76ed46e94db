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
import dev.attention.core.config.Position;
import dev.attention.core.plugin.PluginInfo;
import dev.attention.core.plugin.PluginRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
        provider(PluginKind.ALIGNMENT, alignment, AlignmentProvider.class);
        Distribution f = distribution(distribution, dtype, seed);
        VariantProvider vp = provider(PluginKind.VARIANT, variant, VariantProvider.class);
        Variant v = create(PluginKind.VARIANT, vp, variant, b -> b.dtype(dtype).seed(seed).widths(inputWidths)
                .alignments(widths -> alignment(alignment, dtype, seed, widths)).distribution(f));
        return new AssembledPipeline(name, dtype, variant.id() + " / " + alignment.id() + " / " + distribution.id(), v);
    }

    public Alignment alignment(ComponentConfig c, DType dtype, long seed) {
        return alignment(c, dtype, seed, Map.of());
    }

    /** An alignment for operands of the given widths ({@code queries}, {@code keys}). */
    public Alignment alignment(ComponentConfig c, DType dtype, long seed, Map<String, Integer> widths) {
        return create(PluginKind.ALIGNMENT, provider(PluginKind.ALIGNMENT, c, AlignmentProvider.class), c,
                b -> b.dtype(dtype).seed(seed).widths(widths));
    }

    public Distribution distribution(ComponentConfig c, DType dtype, long seed) {
        return create(PluginKind.DISTRIBUTION, provider(PluginKind.DISTRIBUTION, c, DistributionProvider.class), c,
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

    private <T> T create(PluginKind kind, PluginProvider<T> provider, ComponentConfig c,
            Consumer<PluginContext.Builder> setup) {
        PluginContext context;
        try {
            PluginContext.Builder b = PluginContext.builder(provider.id(), provider.parameters());
            c.parameters().forEach(b::parameter);
            setup.accept(b);
            context = b.build();
        } catch (ConfigException e) {
            throw positioned(withTakers(kind, provider.id(), e), c);
        }
        try {
            return provider.create(context);
        } catch (ConfigException e) {
            throw positioned(e, c);
        }
    }

    /**
     * An unknown parameter that other plugins of the kind do take (causal: true on global) also
     * names them: the user likely picked the wrong plugin rather than misspelt the parameter.
     */
    private ConfigException withTakers(PluginKind kind, String id, ConfigException e) {
        if (e.key().isEmpty() || !e.problem().startsWith("unknown parameter")) {
            return e;
        }
        String name = e.key().get();
        List<String> takers = registry.all().stream()
                .filter(i -> i.kind() == kind && !i.id().equals(id)
                        && i.parameters().stream().anyMatch(s -> s.name().equals(name)))
                .map(PluginInfo::id).sorted().toList();
        if (takers.isEmpty()) {
            return e;
        }
        String hint = e.hint().map(h -> h + "; ").orElse("") + kind.id() + "s with '" + name + "': "
                + String.join(", ", takers);
        ConfigException out = new ConfigException(e.file().orElse(null), e.line(), e.column(), name, e.problem(), hint);
        out.initCause(e);
        return out;
    }

    private static ConfigException positioned(ConfigException e, ComponentConfig c) {
        if (e.key().filter(k -> k.startsWith("pipeline.")).isPresent()) {
            // Already placed: a variant creates its alignment inside its own create(), and the
            // alignment's error came out as pipeline.variant.pipeline.alignment.sigma at the variant.
            return e;
        }
        Position p = e.key().map(c::positionOf).orElse(c.position());
        return e.at(p.file(), p.line(), p.column(), c.key());
    }
}
