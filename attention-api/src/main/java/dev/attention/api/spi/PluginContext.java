package dev.attention.api.spi;

import dev.attention.api.Alignment;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import dev.attention.api.kernel.AttentionKernel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeSet;

/**
 * What a provider gets to create its plugin: validated parameter values (defaults applied), the
 * element type, a seed, and for variants the alignment and distribution to compose (or one per
 * part, through {@link #alignment(int, int)} and {@link #distribution(int)}). This is the
 * only way configuration reaches a plugin; the engine's wiring stays inside the engine.
 *
 * <p>Build one with {@link #builder(String, List)}; {@link Builder#parameter} validates each value
 * against its {@link ParameterSpec} and unknown names are refused with the supported ones listed.
 * Immutable.
 */
public final class PluginContext {
    private final String pluginId;
    private final Map<String, Object> values;
    private final java.util.Set<String> given;
    private final DType dtype;
    private final long seed;
    private final AlignmentFactory alignments;
    private final Distribution distribution;
    private final DistributionFactory distributions;
    private final Map<String, Integer> widths;
    private final List<PluginContext> levels;
    private final AttentionKernel kernel;

    private PluginContext(Builder b, Map<String, Object> values) {
        this.kernel = b.kernel;
        this.pluginId = b.pluginId;
        this.values = values;
        this.given = java.util.Set.copyOf(b.given.keySet());
        this.dtype = b.dtype;
        this.seed = b.seed;
        this.alignments = b.alignments;
        this.distribution = b.distribution;
        this.distributions = b.distributions;
        this.widths = Collections.unmodifiableMap(new LinkedHashMap<>(b.widths));
        this.levels = List.copyOf(b.levels);
    }

    /** A builder for the plugin {@code pluginId} declaring {@code specs}. */
    public static Builder builder(String pluginId, List<ParameterSpec> specs) {
        return new Builder(pluginId, specs);
    }

    /** The id of the plugin being created. */
    public String pluginId() {
        return pluginId;
    }

    public DType dtype() {
        return dtype;
    }

    /** The pipeline seed; equal seeds give bit-identical plugins. */
    public long seed() {
        return seed;
    }

    /**
     * A fresh {@link Random} for this plugin, seeded from the pipeline seed and the plugin id.
     * {@code java.util.Random}'s algorithm is fixed by its specification, so results are stable
     * across JDKs.
     */
    public Random random() {
        return new Random(mix(seed + 0x9E3779B97F4A7C15L * (pluginId.hashCode() + 1L)));
    }

    /**
     * A fresh {@link Random} for one named stream of this plugin (e.g. {@code "W_q"}, {@code "head-3"}):
     * different names give independent sequences, equal seeds equal ones. {@link #random()} returns
     * the same sequence on every call, so a plugin drawing several tensors either draws them from
     * one {@code Random} in a fixed order or names a stream per tensor.
     */
    public Random random(String stream) {
        long z = mix(seed + 0x9E3779B97F4A7C15L * (pluginId.hashCode() + 1L));
        return new Random(mix(z ^ (0xC2B2AE3D27D4EB4FL * (stream.hashCode() + 1L))));
    }

    /** SplitMix64's finaliser: spreads all 64 input bits over the 48 bits {@code Random} keeps. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The attention kernel to compute with: the engine's tiled SIMD one in a pipeline,
     * {@link AttentionKernel#reference()} unless a builder set another. Plugins that can express
     * their attention as a {@link dev.attention.api.kernel.KernelSpec} call it instead of looping.
     */
    public AttentionKernel kernel() {
        return kernel;
    }

    /** Every parameter with defaults applied, in declaration order. */
    public Map<String, Object> values() {
        return values;
    }

    public double getDouble(String name) {
        return (Double) value(name, ParameterType.DOUBLE);
    }

    public int getInt(String name) {
        return (Integer) value(name, ParameterType.INTEGER);
    }

    public boolean getBoolean(String name) {
        return (Boolean) value(name, ParameterType.BOOLEAN);
    }

    public String getString(String name) {
        return (String) value(name, ParameterType.STRING);
    }

    /**
     * True when the configuration gave the parameter (by its name or an alias), false when it holds
     * its default: for a parameter whose default follows another one, e.g. multi-head's
     * {@code bias-q}, which is {@code bias} unless given.
     */
    public boolean given(String name) {
        return given.contains(name);
    }

    /** True when the parameter has a value (given or defaulted). */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * The width (last dimension) of a named operand when the engine knows it: for an alignment
     * {@code queries} (d_q) and {@code keys} (d_k); for a variant its inputs' widths
     * ({@code queries}, {@code keys}, {@code values}, {@code sequence}, …), taken from the data.
     */
    public OptionalInt width(String name) {
        Integer w = widths.get(name);
        return w == null ? OptionalInt.empty() : OptionalInt.of(w);
    }

    /**
     * The grid {@code {rows, columns}} an image input was flattened from, row-major (position
     * {@code i·columns + j} is cell (i, j)), when the engine read {@code name} with
     * {@code layout: image} and {@code axes: grid}; for 2-D positions.
     */
    public java.util.Optional<int[]> grid(String name) {
        Integer r = widths.get(gridKey(name, 0));
        Integer c = widths.get(gridKey(name, 1));
        return r == null || c == null ? java.util.Optional.empty() : java.util.Optional.of(new int[] {r, c});
    }

    /**
     * The name under which the grid's rows ({@code axis} 0) or columns (1) of input {@code name}
     * travel with the widths (see {@link #grid}, {@link Builder#grid}).
     */
    public static String gridKey(String name, int axis) {
        return name + (axis == 0 ? "#grid-rows" : "#grid-columns");
    }

    /** Every known width (and grid size, under {@link #gridKey}). */
    public Map<String, Integer> widths() {
        return widths;
    }

    /**
     * The width of {@code name}, for plugins whose learnable parameters are sized by it.
     *
     * @throws ConfigException saying which width is needed and how to give it
     */
    public int requireWidth(String name) {
        Integer w = widths.get(name);
        if (w == null) {
            throw new ConfigException(null, "'" + pluginId + "' needs the width of '" + name
                    + "' to size its parameters", "the engine takes it from the data; from Java, give the"
                    + " pipeline builder .width(\"" + name + "\", d)");
        }
        return w;
    }

    /**
     * The alignment a variant composes, sized for the variant's own {@code queries} and
     * {@code keys} widths (where known). Only present when creating a variant.
     */
    public Alignment alignment() {
        Map<String, Integer> w = new LinkedHashMap<>();
        width("queries").ifPresent(d -> w.put("queries", d));
        width("keys").ifPresent(d -> w.put("keys", d));
        return alignments().create(w);
    }

    /**
     * A new alignment for operands of the given widths, for variants that project, split or pool
     * their inputs before aligning them. Equal widths and seed give identical alignments.
     */
    public Alignment alignment(int queryWidth, int keyWidth) {
        return alignments().create(Map.of("queries", queryWidth, "keys", keyWidth));
    }

    private AlignmentFactory alignments() {
        if (alignments == null) {
            throw new IllegalStateException("plugin '" + pluginId + "' was given no alignment");
        }
        return alignments;
    }

    /** The distribution a variant composes; only present when creating a variant. */
    public Distribution distribution() {
        if (distribution != null) {
            return distribution;
        }
        return distribution(0);
    }

    /**
     * A new instance of the configured distribution for part {@code index} (from 0) of a variant
     * that gives each part its own, e.g. one per head when the distribution has learnable
     * parameters (see {@link DistributionFactory}); index 0 is {@link #distribution()}. A builder
     * given only a fixed distribution hands out that one for every index (distributions are
     * immutable, so sharing one start is safe).
     */
    public Distribution distribution(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("distribution index must be ≥ 0, got " + index);
        }
        if (distributions != null) {
            return distributions.create(index);
        }
        if (distribution == null) {
            throw new IllegalStateException("plugin '" + pluginId + "' was given no distribution");
        }
        return distribution;
    }

    /**
     * One context per level of a hierarchical variant (see {@link VariantProvider#takesLevels()}),
     * innermost first: level 1 attends within the smallest units (words of a sentence), level 2 over
     * their summaries (sentences of a document), and so on. Each level context has this plugin's
     * id, dtype, seed and widths, its own {@link #alignment(int, int)} and {@link #distribution()},
     * and the variant's parameters with that level's overrides applied. Empty when none were given
     * (a non-hierarchical variant, or a Java caller that did not set them); the variant then decides
     * a default and documents it.
     */
    public List<PluginContext> levels() {
        return levels;
    }

    private Object value(String name, ParameterType type) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("plugin '" + pluginId + "' has no value for parameter '" + name
                    + "'; declared: " + values.keySet());
        }
        if (ParameterSpecTypes.javaType(type) != v.getClass()) {
            throw new IllegalArgumentException("parameter '" + name + "' of plugin '" + pluginId + "' is a "
                    + v.getClass().getSimpleName() + ", not " + type.id());
        }
        return v;
    }

    /** Collects and validates values; not thread-safe. */
    public static final class Builder {
        private final String pluginId;
        private final Map<String, ParameterSpec> specs = new LinkedHashMap<>();
        private final Map<String, String> aliases = new LinkedHashMap<>();
        private final Map<String, String> givenAs = new LinkedHashMap<>();
        private final Map<String, Object> given = new LinkedHashMap<>();
        private java.util.function.Consumer<String> warnings = w -> { };
        private DType dtype = DType.FLOAT64;
        private long seed;
        private AlignmentFactory alignments;
        private Distribution distribution;
        private DistributionFactory distributions;
        private final Map<String, Integer> widths = new LinkedHashMap<>();
        private List<PluginContext> levels = List.of();
        private AttentionKernel kernel = AttentionKernel.reference();

        private Builder(String pluginId, List<ParameterSpec> specs) {
            if (pluginId == null || pluginId.isBlank()) {
                throw new IllegalArgumentException("plugin id must not be blank");
            }
            this.pluginId = pluginId;
            for (ParameterSpec s : specs) {
                if (this.specs.put(s.name(), s) != null || aliases.containsKey(s.name())) {
                    throw new IllegalArgumentException("plugin '" + pluginId + "' declares parameter '"
                            + s.name() + "' twice");
                }
                for (String old : s.aliases()) {
                    String prior = aliases.put(old, s.name());
                    if (prior != null || this.specs.containsKey(old)) {
                        throw new IllegalArgumentException("plugin '" + pluginId + "' uses '" + old
                                + "' twice: as an alias of '" + s.name() + "' and as "
                                + (prior != null ? "an alias of '" + prior + "'" : "a parameter"));
                    }
                }
            }
            for (String n : this.specs.keySet()) {
                if (aliases.containsKey(n)) {
                    throw new IllegalArgumentException("plugin '" + pluginId + "' uses '" + n
                            + "' twice: as a parameter and as an alias of '" + aliases.get(n) + "'");
                }
            }
        }

        /**
         * Sets a parameter from a raw value.
         *
         * @throws ConfigException for an unknown name (listing the supported ones), a wrong type or
         *     a value out of range; the key is the parameter name
         */
        public Builder parameter(String name, Object raw) {
            String current = aliases.get(name);
            if (current != null) {
                warnings.accept("parameter '" + name + "' of '" + pluginId + "' is deprecated; write '" + current
                        + "' instead");
            }
            ParameterSpec spec = specs.get(current != null ? current : name);
            if (spec == null) {
                throw new ConfigException(name, "unknown parameter of '" + pluginId + "'",
                        specs.isEmpty() ? "'" + pluginId + "' takes no parameters"
                                : "supported: " + String.join(", ", new TreeSet<>(specs.keySet())));
            }
            String earlier = givenAs.put(spec.name(), name);
            if (earlier != null && !earlier.equals(name)) {
                throw new ConfigException(name, "'" + name + "' and '" + earlier + "' both set parameter '"
                        + spec.name() + "' of '" + pluginId + "'", "keep only '" + spec.name() + "'");
            }
            given.put(spec.name(), spec.convert(raw));
            return this;
        }

        /**
         * Where warnings about the given values go, one line each: a deprecated parameter name
         * ({@link ParameterSpec#alias}) names the current one. The engine logs them; by default they
         * are dropped. Set it before the values.
         */
        public Builder warnings(java.util.function.Consumer<String> sink) {
            this.warnings = java.util.Objects.requireNonNull(sink, "sink");
            return this;
        }

        /** Sets every entry of {@code raw} with {@link #parameter}. */
        public Builder parameters(Map<String, ?> raw) {
            raw.forEach(this::parameter);
            return this;
        }

        public Builder dtype(DType dtype) {
            this.dtype = java.util.Objects.requireNonNull(dtype, "dtype");
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** A fixed alignment, whatever the widths (fine for parameter-free alignments and tests). */
        public Builder alignment(Alignment alignment) {
            java.util.Objects.requireNonNull(alignment, "alignment");
            this.alignments = w -> alignment;
            return this;
        }

        /** How to create the configured alignment for given widths. */
        public Builder alignments(AlignmentFactory factory) {
            this.alignments = java.util.Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** Declares the width of a named operand or input (see {@link PluginContext#width}). */
        public Builder width(String name, int width) {
            if (width < 0) {
                throw new IllegalArgumentException("width of '" + name + "' must be ≥ 0, got " + width);
            }
            widths.put(name, width);
            return this;
        }

        /** Declares that input {@code name} is a {@code rows × columns} grid flattened row-major (see {@link PluginContext#grid}). */
        public Builder grid(String name, int rows, int columns) {
            width(gridKey(name, 0), rows);
            return width(gridKey(name, 1), columns);
        }

        /** Declares several widths. */
        public Builder widths(Map<String, Integer> widths) {
            widths.forEach(this::width);
            return this;
        }

        /** The per-level contexts of a hierarchical variant, innermost first (see {@link PluginContext#levels()}). */
        public Builder levels(List<PluginContext> levels) {
            this.levels = List.copyOf(levels);
            return this;
        }

        /** The kernel plugins compute with (default {@link AttentionKernel#reference()}). */
        public Builder kernel(AttentionKernel kernel) {
            this.kernel = java.util.Objects.requireNonNull(kernel, "kernel");
            return this;
        }

        public Builder distribution(Distribution distribution) {
            this.distribution = distribution;
            return this;
        }

        /**
         * How to create the configured distribution once per part (see
         * {@link PluginContext#distribution(int)}); without a fixed {@link #distribution}, index 0
         * is also the variant's distribution.
         */
        public Builder distributions(DistributionFactory factory) {
            this.distributions = java.util.Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Applies defaults and checks that every required parameter was given.
         *
         * @throws ConfigException naming the first missing required parameter
         */
        public PluginContext build() {
            Map<String, Object> values = new LinkedHashMap<>();
            for (ParameterSpec s : specs.values()) {
                Object v = given.containsKey(s.name()) ? given.get(s.name()) : s.defaultValue().orElse(null);
                if (v == null) {
                    throw new ConfigException(s.name(), "required parameter of '" + pluginId + "' is missing",
                            "add " + s.name() + ": <" + s.type().id() + ">"
                                    + (s.doc().isEmpty() ? "" : " — " + s.doc()));
                }
                values.put(s.name(), v);
            }
            return new PluginContext(this, Collections.unmodifiableMap(values));
        }
    }
}
