package dev.attention.assembly.pipeline;

import dev.attention.api.Alignment;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.Pipeline;
import dev.attention.api.PluginException;
import dev.attention.api.Variant;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.DistributionProvider;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.PluginKind;
import dev.attention.api.spi.PluginProvider;
import dev.attention.api.spi.VariantProvider;
import dev.attention.assembly.config.ComponentConfig;
import dev.attention.assembly.config.LevelConfig;
import dev.attention.assembly.config.Position;
import dev.attention.assembly.plugin.PluginInfo;
import dev.attention.assembly.plugin.PluginRegistry;
import dev.attention.kernel.EngineKernel;
import dev.attention.kernel.KernelExecutor;
import dev.attention.kernel.KernelUse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles a {@link Pipeline} from component choices, for configuration files and the Java
 * builder alike. Parameter errors come back as {@link ConfigException}s at the parameter's
 * position in the file (when there is one) under its full key, e.g. {@code pipeline.softmax...}.
 */
public final class PipelineFactory {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineFactory.class);
    private final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final PluginRegistry registry;
    private final KernelExecutor executor;
    private final EngineKernel kernel;
    /** The same kernel held to its scalar path, for pipelines whose options turn vector code off. */
    private final EngineKernel scalarKernel;

    /** A factory whose fast paths use one thread per available processor. */
    public PipelineFactory(PluginRegistry registry) {
        this(registry, KernelExecutor.defaultThreads());
    }

    /** A factory whose fast paths (fused kernel, blockwise path) run on {@code executor}. */
    public PipelineFactory(PluginRegistry registry, KernelExecutor executor) {
        this.registry = registry;
        this.executor = executor;
        this.kernel = new EngineKernel(executor);
        this.scalarKernel = kernel.simd() ? new EngineKernel(executor, false) : kernel;
    }

    /** The kernel plugins created here compute with (the one in their {@code PluginContext}). */
    public AttentionKernel kernel() {
        return kernel;
    }

    /** The calls made so far to {@link #kernel()} and its scalar twin, together. */
    public KernelUse kernelUse() {
        return scalarKernel == kernel ? kernel.use() : kernel.use().plus(scalarKernel.use());
    }

    /** Whether the engine kernel has a SIMD path here (the Vector API present and not switched off). */
    public boolean vectorCodePresent() {
        return kernel.simd();
    }

    /** The calls made so far to the kernel pipelines with {@code vectorCode} as given compute with. */
    public KernelUse kernelUse(boolean vectorCode) {
        return (vectorCode ? kernel : scalarKernel).use();
    }

    /** What the kernel of pipelines with {@code vectorCode} as given is, e.g. {@code engine kernel (SIMD, 2 threads)}. */
    public String kernelDescription(boolean vectorCode) {
        return (vectorCode ? kernel : scalarKernel).description();
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
        return create(name, dtype, seed, variant, alignment, distribution, inputWidths, List.of(),
                PipelineOptions.DEFAULT);
    }

    /**
     * A pipeline run as {@code options} say. Its plugins compute with the engine's kernel (their
     * {@code PluginContext.kernel()}), or with the reference kernel when fast paths are off; without
     * weights, a variant that declares independent query rows runs in blocks of rows. Every way
     * computes the same result; the choice is logged at DEBUG.
     */
    public Pipeline create(String name, DType dtype, long seed, ComponentConfig variant, ComponentConfig alignment,
            ComponentConfig distribution, Map<String, Integer> inputWidths, PipelineOptions options) {
        return create(name, dtype, seed, variant, alignment, distribution, inputWidths, List.of(), options);
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
        return create(name, dtype, seed, variant, alignment, distribution, inputWidths, levels,
                PipelineOptions.DEFAULT);
    }

    /** A pipeline with levels (see above) run as {@code options} say (see above). */
    public Pipeline create(String name, DType dtype, long seed, ComponentConfig variant, ComponentConfig alignment,
            ComponentConfig distribution, Map<String, Integer> inputWidths, List<LevelConfig> levels,
            PipelineOptions options) {
        // Checked first, so an unknown alignment is reported before a variant's own errors.
        provider(PluginKind.ALIGNMENT, alignment, AlignmentProvider.class);
        DistributionProvider dp = provider(PluginKind.DISTRIBUTION, distribution, DistributionProvider.class);
        AttentionKernel kernel = !options.fastPaths() ? AttentionKernel.reference()
                : options.vectorCode() ? this.kernel : scalarKernel;
        PluginContext dc = context(dp, distribution, b -> b.dtype(dtype).seed(seed).kernel(kernel));
        Distribution f = create(dp, distribution, dc);
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
            PluginContext.Builder b = builder(vp, variant);
            levelContexts.add(context(vp, b, level.variant(variant.id()), x -> x.dtype(dtype).seed(seed)
                    .widths(inputWidths).kernel(kernel).alignments(widths -> alignment(level.alignment(), dtype, seed, widths))
                    .distribution(lf).distributions(i -> distribution(level.distribution(), dtype, partSeed(seed, i)))));
        }
        Variant v = create(vp, variant, context(vp, variant, b -> b.dtype(dtype).seed(seed).widths(inputWidths)
                .kernel(kernel)
                .alignments(widths -> alignment(alignment, dtype, seed, widths)).distribution(f)
                .distributions(i -> create(dp, distribution, context(dp, distribution,
                        x -> x.dtype(dtype).seed(partSeed(seed, i)).kernel(kernel))))
                .levels(levelContexts)));
        // With levels, the pipeline's own alignment and distribution are only their defaults.
        String components = levels.isEmpty() ? alignment.id() + " / " + distribution.id()
                : levels.stream().map(l -> l.alignment().id() + " / " + l.distribution().id())
                        .collect(Collectors.joining(" | ", "levels [", "]"));
        AssembledPipeline general = new AssembledPipeline(name, dtype, variant.id() + " / " + components, v,
                options.weights());
        LOG.debug("{}: {}", name, kernelNote(alignment, f, dtype, seed, kernel));
        if (options.fastPaths() && !options.weights() && v.independence().queryRows() && !v.tilesScores()) {
            LOG.debug("{}: query rows are independent and no weights are wanted: run in blocks of query rows", name);
            return new BlockwisePipeline(general, executor, BlockwisePipeline.BLOCK_ENTRIES);
        }
        return general;
    }

    /**
     * The seed of a variant's {@code index}-th own distribution ({@code PluginContext.distribution(int)}):
     * the pipeline seed for index 0, so it equals the variant's distribution, a SplitMix64 step away
     * for the others, so a distribution drawing noise draws different noise per part.
     */
    static long partSeed(long seed, int index) {
        if (index == 0) {
            return seed;
        }
        long z = seed + 0x9E3779B97F4A7C15L * index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Whether the components declare what the kernel computes, for the log: variants that can
     * express their attention as a kernel spec then run on it; the rest compute in plugin code.
     */
    private String kernelNote(ComponentConfig alignment, Distribution f, DType dtype, long seed, AttentionKernel k) {
        OptionalDouble scale;
        try {
            scale = alignment(alignment, dtype, seed).dotProductScale(1);
        } catch (RuntimeException e) {
            // An alignment that needs its widths to exist declares nothing the kernel could use.
            scale = OptionalDouble.empty();
        }
        if (scale.isEmpty()) {
            return "alignment '" + alignment.id() + "' declares no dot-product form: attention runs in plugin code";
        }
        if (f.softmaxTemperature().isEmpty()) {
            return "distribution declares no softmax: attention runs in plugin code";
        }
        return "alignment and distribution declare s·qᵀk and softmax: variants that can, run on the " + k.description();
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
                b -> b.dtype(dtype).seed(seed).widths(widths).kernel(kernel));
    }

    public Distribution distribution(ComponentConfig c, DType dtype, long seed) {
        return create(provider(PluginKind.DISTRIBUTION, c, DistributionProvider.class), c,
                b -> b.dtype(dtype).seed(seed).kernel(kernel));
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

    private <T> T create(PluginProvider<T> provider, ComponentConfig c, Consumer<PluginContext.Builder> setup) {
        return create(provider, c, context(provider, c, setup));
    }

    /** The validated context a plugin is created with; its values are what the plugin sees. */
    private PluginContext context(PluginProvider<?> provider, ComponentConfig c,
            Consumer<PluginContext.Builder> setup) {
        return context(provider, PluginContext.builder(provider.id(), provider.parameters()).warnings(warn(c)), c,
                setup);
    }

    /**
     * Logs a warning about {@code c}'s values (a deprecated parameter name) once per factory: a
     * variant creates its alignment once per head or level, and one warning says it.
     */
    private java.util.function.Consumer<String> warn(ComponentConfig c) {
        return w -> {
            String line = where(c.position()) + c.key() + ": " + w;
            if (warned.add(line)) {
                LOG.warn(line);
            }
        };
    }

    private static String where(Position p) {
        return p.file() == null ? "" : p.file() + (p.line() > 0 ? ":" + p.line() : "") + ": ";
    }

    /** {@code b} with {@code c}'s parameters added on top, built; errors positioned at {@code c}. */
    private PluginContext context(PluginProvider<?> provider, PluginContext.Builder b, ComponentConfig c,
            Consumer<PluginContext.Builder> setup) {
        try {
            c.parameters().forEach(b::parameter);
            setup.accept(b);
            return b.build();
        } catch (ConfigException e) {
            throw positioned(withTakers(provider.kind(), provider.id(), e), c);
        }
    }

    /** A context builder with {@code c}'s parameters set, for a level to override; errors positioned at {@code c}. */
    private PluginContext.Builder builder(PluginProvider<?> provider, ComponentConfig c) {
        PluginContext.Builder b = PluginContext.builder(provider.id(), provider.parameters()).warnings(warn(c));
        try {
            c.parameters().forEach(b::parameter);
            return b;
        } catch (ConfigException e) {
            throw positioned(withTakers(provider.kind(), provider.id(), e), c);
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

    private <T> T create(PluginProvider<T> provider, ComponentConfig c, PluginContext context) {
        PluginKind kind = provider.kind();
        String id = provider.id();
        PluginFault check = new PluginFault(kind, id, registry.info(kind, id).source(),
                registry.contextLoader(kind, id).orElse(null));
        T plugin;
        try {
            plugin = check.call(() -> provider.create(context));
        } catch (ConfigException e) {
            throw positioned(e, c);
        }
        return checked(kind, plugin, check);
    }

    /** {@code plugin} behind the engine's output checks, which name it and its jar on a fault. */
    private static <T> T checked(PluginKind kind, T plugin, PluginFault check) {
        Object wrapped = switch (kind) {
            case ALIGNMENT -> new CheckedAlignment((Alignment) plugin, check);
            case DISTRIBUTION -> new CheckedDistribution((Distribution) plugin, check);
            case VARIANT -> new CheckedVariant((Variant) plugin, check);
        };
        @SuppressWarnings("unchecked") // the kind decides T: PluginKind ties each kind to its plugin type
        T t = (T) wrapped;
        return t;
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
