package dev.attention.api.spi;

import dev.attention.api.ConfigException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Declaration of one plugin parameter: name, type, default (absent ⇒ required), allowed range or
 * choices, and a one-line doc. Immutable; build with {@link #doubleParam(String)} and friends:
 *
 * <pre>{@code ParameterSpec.doubleParam("temperature").defaultValue(1.0).greaterThan(0)
 *     .doc("τ in exp(s/τ); smaller is sharper")}</pre>
 */
public final class ParameterSpec {
    private final String name;
    private final ParameterType type;
    private final Object defaultValue;
    private final Double min;
    private final boolean minInclusive;
    private final Double max;
    private final boolean maxInclusive;
    private final List<String> choices;
    private final String doc;
    private final List<String> aliases;

    private ParameterSpec(String name, ParameterType type, Object defaultValue, Double min, boolean minInclusive,
            Double max, boolean maxInclusive, List<String> choices, String doc, List<String> aliases) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.min = min;
        this.minInclusive = minInclusive;
        this.max = max;
        this.maxInclusive = maxInclusive;
        this.choices = choices;
        this.doc = doc;
        this.aliases = aliases;
    }

    public static ParameterSpec doubleParam(String name) {
        return create(name, ParameterType.DOUBLE);
    }

    public static ParameterSpec intParam(String name) {
        return create(name, ParameterType.INTEGER);
    }

    public static ParameterSpec booleanParam(String name) {
        return create(name, ParameterType.BOOLEAN);
    }

    public static ParameterSpec stringParam(String name) {
        return create(name, ParameterType.STRING);
    }

    private static ParameterSpec create(String name, ParameterType type) {
        Objects.requireNonNull(name, "name");
        checkName(name);
        return new ParameterSpec(name, type, null, null, true, null, true, List.of(), "", List.of());
    }

    private static void checkName(String name) {
        if (!name.matches("[a-z][a-z0-9_-]*")) {
            throw new IllegalArgumentException("parameter name '" + name
                    + "' must be lowercase letters, digits, '-' or '_', starting with a letter");
        }
    }

    /** Makes the parameter optional with this default (checked against type and range). */
    public ParameterSpec defaultValue(Object value) {
        ParameterSpec s = new ParameterSpec(name, type, null, min, minInclusive, max, maxInclusive, choices, doc, aliases);
        Object v = s.convert(Objects.requireNonNull(value, "default"));
        return new ParameterSpec(name, type, v, min, minInclusive, max, maxInclusive, choices, doc, aliases);
    }

    /** Value must be ≥ {@code bound}. */
    public ParameterSpec atLeast(double bound) {
        return new ParameterSpec(name, type, defaultValue, bound, true, max, maxInclusive, choices, doc, aliases).checkDefault();
    }

    /** Value must be &gt; {@code bound}. */
    public ParameterSpec greaterThan(double bound) {
        return new ParameterSpec(name, type, defaultValue, bound, false, max, maxInclusive, choices, doc, aliases).checkDefault();
    }

    /** Value must be ≤ {@code bound}. */
    public ParameterSpec atMost(double bound) {
        return new ParameterSpec(name, type, defaultValue, min, minInclusive, bound, true, choices, doc, aliases).checkDefault();
    }

    /** Value must be &lt; {@code bound}. */
    public ParameterSpec lessThan(double bound) {
        return new ParameterSpec(name, type, defaultValue, min, minInclusive, bound, false, choices, doc, aliases).checkDefault();
    }

    /** For strings: the allowed values. */
    public ParameterSpec choices(String... allowed) {
        if (type != ParameterType.STRING) {
            throw new IllegalStateException("choices apply to string parameters only");
        }
        return new ParameterSpec(name, type, defaultValue, min, minInclusive, max, maxInclusive,
                List.of(allowed), doc, aliases).checkDefault();
    }

    /** Re-checks a default set before a range or choices, so declaration order does not matter. */
    private ParameterSpec checkDefault() {
        if (defaultValue != null) {
            convert(defaultValue);
        }
        return this;
    }

    public ParameterSpec doc(String text) {
        return new ParameterSpec(name, type, defaultValue, min, minInclusive, max, maxInclusive, choices,
                Objects.requireNonNull(text, "doc"), aliases);
    }

    /**
     * Accepts {@code oldName} as a deprecated name of this parameter, so renaming a parameter keeps
     * old configurations working: a value given under the old name is taken with a warning naming
     * this one, and giving both names is an error. Aliases follow the naming rule of names and never
     * repeat one.
     */
    public ParameterSpec alias(String oldName) {
        Objects.requireNonNull(oldName, "alias");
        checkName(oldName);
        if (oldName.equals(name) || aliases.contains(oldName)) {
            throw new IllegalArgumentException("parameter '" + name + "' already answers to '" + oldName + "'");
        }
        List<String> more = new java.util.ArrayList<>(aliases);
        more.add(oldName);
        return new ParameterSpec(name, type, defaultValue, min, minInclusive, max, maxInclusive, choices, doc,
                List.copyOf(more));
    }

    /** The deprecated names this parameter also answers to, oldest first. */
    public List<String> aliases() {
        return aliases;
    }

    public String name() {
        return name;
    }

    public ParameterType type() {
        return type;
    }

    /** Empty when the parameter is required. */
    public Optional<Object> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public boolean required() {
        return defaultValue == null;
    }

    public List<String> allowedChoices() {
        return choices;
    }

    public String doc() {
        return doc;
    }

    /** The lower bound of a numeric parameter, if any; {@link #lowerInclusive()} says whether it is allowed. */
    public OptionalDouble lowerBound() {
        return min == null ? OptionalDouble.empty() : OptionalDouble.of(min);
    }

    public boolean lowerInclusive() {
        return minInclusive;
    }

    /** The upper bound of a numeric parameter, if any; {@link #upperInclusive()} says whether it is allowed. */
    public OptionalDouble upperBound() {
        return max == null ? OptionalDouble.empty() : OptionalDouble.of(max);
    }

    public boolean upperInclusive() {
        return maxInclusive;
    }

    /** The allowed range in interval notation, e.g. {@code (0, ∞)}, or empty when unbounded. */
    public String range() {
        if (min == null && max == null) {
            return choices.isEmpty() ? "" : String.join(" | ", choices);
        }
        return (min == null ? "(-∞" : (minInclusive ? "[" : "(") + num(min)) + ", "
                + (max == null ? "∞)" : num(max) + (maxInclusive ? "]" : ")"));
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Converts a raw configuration value ({@link Number}, {@link Boolean}, {@link String}) to this
     * parameter's Java type ({@code Double}, {@code Integer}, {@code Boolean}, {@code String}) and
     * checks the range.
     *
     * @throws ConfigException naming this parameter, what was wrong and what is allowed
     */
    public Object convert(Object raw) {
        Object v;
        switch (type) {
            case DOUBLE:
                if (!(raw instanceof Number)) {
                    throw wrongType(raw, "a number");
                }
                v = ((Number) raw).doubleValue();
                if (!Double.isFinite((Double) v)) {
                    throw new ConfigException(name, "must be a finite number, got " + raw, rangeHint());
                }
                break;
            case INTEGER:
                if (!(raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte)
                        || ((Number) raw).longValue() != ((Number) raw).intValue()) {
                    throw wrongType(raw, "a whole number");
                }
                v = ((Number) raw).intValue();
                break;
            case BOOLEAN:
                if (!(raw instanceof Boolean)) {
                    throw wrongType(raw, "true or false");
                }
                v = raw;
                break;
            default:
                if (!(raw instanceof String)) {
                    throw wrongType(raw, "a string");
                }
                if (!choices.isEmpty() && !choices.contains(raw)) {
                    throw new ConfigException(name, "'" + raw + "' is not allowed", "use one of " + choices);
                }
                v = raw;
        }
        if (v instanceof Number) {
            double d = ((Number) v).doubleValue();
            boolean low = min != null && (minInclusive ? d < min : d <= min);
            boolean high = max != null && (maxInclusive ? d > max : d >= max);
            if (low || high) {
                throw new ConfigException(name, raw + " is out of range", rangeHint());
            }
        }
        return v;
    }

    private ConfigException wrongType(Object raw, String expected) {
        String got = raw == null ? "nothing" : raw instanceof String ? "'" + raw + "'" : String.valueOf(raw);
        return new ConfigException(name, "expected " + expected + ", got " + got, rangeHint());
    }

    private String rangeHint() {
        String r = range();
        return r.isEmpty() ? type.id() + (doc.isEmpty() ? "" : ": " + doc) : "allowed: " + r;
    }

    @Override
    public String toString() {
        return name + ": " + type.id() + (required() ? " (required)" : " = " + defaultValue)
                + (range().isEmpty() ? "" : " in " + range());
    }
}
