package dev.attention.api.spi;

import dev.attention.api.Alignment;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Distribution;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * What a provider gets to create its plugin: validated parameter values (defaults applied), the
 * element type, a seed, and for variants the alignment and distribution to compose. This is the
 * only way configuration reaches a plugin; the engine's wiring stays inside the engine.
 *
 * <p>Build one with {@link #builder(String, List)}; {@link Builder#parameter} validates each value
 * against its {@link ParameterSpec} and unknown names are refused with the supported ones listed.
 * Immutable.
 */
public final class PluginContext {
    private final String pluginId;
    private final Map<String, Object> values;
    private final DType dtype;
    private final long seed;
    private final Alignment alignment;
    private final Distribution distribution;

    private PluginContext(Builder b, Map<String, Object> values) {
        this.pluginId = b.pluginId;
        this.values = values;
        this.dtype = b.dtype;
        this.seed = b.seed;
        this.alignment = b.alignment;
        this.distribution = b.distribution;
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
        // SplitMix64's finaliser spreads all 64 bits of seed and id over the 48 bits Random keeps.
        long z = seed + 0x9E3779B97F4A7C15L * (pluginId.hashCode() + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
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

    /** True when the parameter has a value (given or defaulted). */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The alignment a variant composes; only present when creating a variant. */
    public Alignment alignment() {
        if (alignment == null) {
            throw new IllegalStateException("plugin '" + pluginId + "' was given no alignment");
        }
        return alignment;
    }

    /** The distribution a variant composes; only present when creating a variant. */
    public Distribution distribution() {
        if (distribution == null) {
            throw new IllegalStateException("plugin '" + pluginId + "' was given no distribution");
        }
        return distribution;
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
        private final Map<String, Object> given = new LinkedHashMap<>();
        private DType dtype = DType.FLOAT64;
        private long seed;
        private Alignment alignment;
        private Distribution distribution;

        private Builder(String pluginId, List<ParameterSpec> specs) {
            if (pluginId == null || pluginId.isBlank()) {
                throw new IllegalArgumentException("plugin id must not be blank");
            }
            this.pluginId = pluginId;
            for (ParameterSpec s : specs) {
                if (this.specs.put(s.name(), s) != null) {
                    throw new IllegalArgumentException("plugin '" + pluginId + "' declares parameter '"
                            + s.name() + "' twice");
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
            ParameterSpec spec = specs.get(name);
            if (spec == null) {
                throw new ConfigException(name, "unknown parameter of '" + pluginId + "'",
                        specs.isEmpty() ? "'" + pluginId + "' takes no parameters"
                                : "supported: " + String.join(", ", new TreeSet<>(specs.keySet())));
            }
            given.put(name, spec.convert(raw));
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

        public Builder alignment(Alignment alignment) {
            this.alignment = alignment;
            return this;
        }

        public Builder distribution(Distribution distribution) {
            this.distribution = distribution;
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
