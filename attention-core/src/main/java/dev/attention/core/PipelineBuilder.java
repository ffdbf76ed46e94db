package dev.attention.core;

import dev.attention.api.DType;
import dev.attention.api.Pipeline;
import dev.attention.assembly.config.ComponentConfig;
import dev.attention.assembly.config.ConfigLoader;
import dev.attention.assembly.config.LevelConfig;
import dev.attention.assembly.config.Position;
import dev.attention.assembly.pipeline.PipelineFactory;
import dev.attention.assembly.pipeline.PipelineOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link Pipeline} in Java, through the same factory and validation as a configuration
 * file. Unset components default like a config does: {@code global}, {@code scaled-dot},
 * {@code softmax}. Not thread-safe; the pipelines it builds are.
 *
 * <pre>{@code
 * Pipeline p = Attention.engine().pipeline()
 *     .alignment("scaled-dot")
 *     .distribution("softmax", Map.of("temperature", 0.5))
 *     .dtype(DType.FLOAT32)
 *     .build();
 * }</pre>
 */
public final class PipelineBuilder {
    private final PipelineFactory factory;
    private String name = "pipeline";
    private DType dtype = DType.FLOAT64;
    private long seed;
    private boolean weights = true;
    private boolean fastPaths = true;
    private boolean vectorCode = true;
    private final Map<String, Integer> widths = new LinkedHashMap<>();
    private ComponentConfig variant = ComponentConfig.of("pipeline.variant", ConfigLoader.DEFAULT_VARIANT, Map.of());
    private ComponentConfig alignment =
            ComponentConfig.of("pipeline.alignment", ConfigLoader.DEFAULT_ALIGNMENT, Map.of());
    private ComponentConfig distribution =
            ComponentConfig.of("pipeline.distribution", ConfigLoader.DEFAULT_DISTRIBUTION, Map.of());
    private final List<LevelConfig> levels = new ArrayList<>();

    PipelineBuilder(PipelineFactory factory) {
        this.factory = factory;
    }

    public PipelineBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    public PipelineBuilder dtype(DType dtype) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        return this;
    }

    public PipelineBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Declares the width (last dimension) of an input, e.g. {@code width("queries", 64)}: plugins
     * with learnable parameters are sized by it. A configuration file takes widths from its data.
     */
    public PipelineBuilder width(String input, int width) {
        if (width < 0) {
            throw new IllegalArgumentException("width of '" + input + "' must be ≥ 0, got " + width);
        }
        widths.put(Objects.requireNonNull(input, "input"), width);
        return this;
    }

    public PipelineBuilder variant(String id) {
        return variant(id, Map.of());
    }

    public PipelineBuilder variant(String id, Map<String, ?> parameters) {
        this.variant = ComponentConfig.of("pipeline.variant", id, parameters);
        return this;
    }

    public PipelineBuilder alignment(String id) {
        return alignment(id, Map.of());
    }

    public PipelineBuilder alignment(String id, Map<String, ?> parameters) {
        this.alignment = ComponentConfig.of("pipeline.alignment", id, parameters);
        return this;
    }

    public PipelineBuilder distribution(String id) {
        return distribution(id, Map.of());
    }

    public PipelineBuilder distribution(String id, Map<String, ?> parameters) {
        this.distribution = ComponentConfig.of("pipeline.distribution", id, parameters);
        return this;
    }

    /**
     * Adds the next level of a hierarchical variant ({@code multilevel}), innermost first, as one
     * entry of a config's {@code pipeline.levels}: its alignment, its distribution and overrides of
     * the variant's parameters. Without levels such a variant chooses its own default.
     */
    public PipelineBuilder level(String alignment, Map<String, ?> alignmentParameters, String distribution,
            Map<String, ?> distributionParameters, Map<String, ?> variantParameters) {
        String key = "pipeline.levels[" + (levels.size() + 1) + "]";
        levels.add(new LevelConfig(key, ComponentConfig.of(key + ".alignment", alignment, alignmentParameters),
                ComponentConfig.of(key + ".distribution", distribution, distributionParameters),
                new LinkedHashMap<>(variantParameters), Map.of(), Position.NONE));
        return this;
    }

    /** {@link #level(String, Map, String, Map, Map)} with default parameters throughout. */
    public PipelineBuilder level(String alignment, String distribution) {
        return level(alignment, Map.of(), distribution, Map.of(), Map.of());
    }

    /**
     * Whether {@code run} returns the weights (default true). Without them, the fused kernel and
     * the blockwise path never build the {@code n × m} weights.
     */
    public PipelineBuilder weights(boolean weights) {
        this.weights = weights;
        return this;
    }

    /**
     * Whether the engine may run a matching pipeline by its fused kernel or blockwise (default
     * true). False runs the plugins' own computation in one piece: the reference for comparisons.
     */
    public PipelineBuilder fastPaths(boolean allowed) {
        this.fastPaths = allowed;
        return this;
    }

    /**
     * Whether the engine kernel may take its SIMD path where the Vector API is present (default
     * true). False holds it to its scalar path, which computes float32 in float64 and whose sums do
     * not follow the machine's vector width, and which a short process finishes before the SIMD
     * code would be compiled (decision 46). Both give the same result within rounding.
     */
    public PipelineBuilder vectorCode(boolean allowed) {
        this.vectorCode = allowed;
        return this;
    }

    /**
     * Assembles the pipeline.
     *
     * @throws dev.attention.api.ConfigException for an unknown id or a bad parameter, naming the key
     */
    public Pipeline build() {
        return factory.create(name, dtype, seed, variant, alignment, distribution, widths, levels,
                new PipelineOptions(weights, fastPaths, vectorCode));
    }
}
