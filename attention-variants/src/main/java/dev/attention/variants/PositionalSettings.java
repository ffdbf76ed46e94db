package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.ConfigException;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.List;

/**
 * The positional options {@code self}, {@code cross} and {@code multi-head} share:
 * {@code positional: none|sinusoidal|learned|sinusoidal-2d} with {@code max-length} for the learned
 * table ({@code sinusoidal-2d} for inputs read with {@code layout: image}), and
 * {@code alibi} (a linear distance bias on the scores). They compose with every other setting and
 * with any alignment.
 */
final class PositionalSettings {
    static final String POSITIONAL = "positional";
    static final String MAX_LENGTH = "max-length";
    static final String ALIBI = "alibi";

    /** {@code positional} and {@code max-length}: the absolute positions, which pooling takes too. */
    static final List<ParameterSpec> ABSOLUTE = List.of(
            ParameterSpec.stringParam(POSITIONAL).defaultValue("none")
                    .choices("none", "sinusoidal", "learned", "sinusoidal-2d")
                    .doc("positions added to the inputs before projection: sinusoidal PE (Vaswani et al.), a"
                            + " learned table variant.positions [max-length, d], or for an image input (layout:"
                            + " image) 2-D sine-cosine PE, half the columns the grid row and half the grid column"),
            ParameterSpec.intParam(MAX_LENGTH).defaultValue(512).atLeast(1)
                    .doc("rows of the learned positions table (positional: learned); longer inputs are refused"));

    static final List<ParameterSpec> SPECS = List.of(ABSOLUTE.get(0), ABSOLUTE.get(1),
            ParameterSpec.booleanParam(ALIBI).defaultValue(false)
                    .doc("add −slope·|i − j| to every score (ALiBi); slope 2^(−8k/h) for head k = 1..h, 2^−8 with one head"));

    private PositionalSettings() {
    }

    /** A provider's own parameters followed by the positional ones. */
    static List<ParameterSpec> after(ParameterSpec... own) {
        List<ParameterSpec> all = new java.util.ArrayList<>(List.of(own));
        all.addAll(SPECS);
        return List.copyOf(all);
    }

    /**
     * The configured encoding for inputs of width {@code width}.
     *
     * @param width the width the table is sized by; only read for {@code learned}
     * @param inputs the inputs it is added to, whose image grid ({@link PluginContext#grid}) 2-D
     *               positions follow; only read for {@code sinusoidal-2d}
     */
    static PositionalEncoding encoding(PluginContext context, WidthSource width, String... inputs) {
        PositionalEncoding.Kind kind = PositionalEncoding.Kind.fromId(context.getString(POSITIONAL));
        switch (kind) {
            case SINUSOIDAL:
                return PositionalEncoding.sinusoidal();
            case SINUSOIDAL_2D:
                int[] grid = grid(context, inputs);
                return PositionalEncoding.sinusoidal2d(grid[0], grid[1]);
            case LEARNED:
                return PositionalEncoding.learned(context.random(PositionalEncoding.POSITIONS), context.dtype(),
                        context.getInt(MAX_LENGTH), width.get());
            default:
                return PositionalEncoding.none();
        }
    }

    /**
     * The one grid the inputs were flattened from.
     *
     * @throws ConfigException ({@code positional}) when an input is no image grid or they differ
     */
    private static int[] grid(PluginContext context, String... inputs) {
        int[] grid = null;
        for (String input : inputs) {
            java.util.Optional<int[]> g = context.grid(input);
            if (g.isEmpty()) {
                throw new ConfigException(POSITIONAL, "sinusoidal-2d numbers the cells of an image grid, but '" + input
                        + "' was not read as one", "declare the input with layout: image (axes: grid, the default),"
                        + " or use positional: sinusoidal for a sequence");
            }
            if (grid != null && !java.util.Arrays.equals(grid, g.get())) {
                throw new ConfigException(POSITIONAL, "sinusoidal-2d needs one grid, but the inputs' grids are "
                        + grid[0] + " × " + grid[1] + " and " + g.get()[0] + " × " + g.get()[1],
                        "give the images the same size (and patches), or use positional: learned");
            }
            grid = g.get();
        }
        return grid;
    }

    /** The alignment of head {@code head} of {@code heads}, wrapped in ALiBi when asked for. */
    static Alignment alibi(PluginContext context, Alignment alignment, int head, int heads) {
        return context.getBoolean(ALIBI) ? new AlibiAlignment(alignment, AlibiAlignment.slope(head, heads)) : alignment;
    }

    /**
     * The width a learned table is sized by; throws {@link ConfigException} naming
     * {@code positional} when it cannot be known or is inconsistent.
     */
    @FunctionalInterface
    interface WidthSource {
        int get();
    }

    /**
     * The width of {@code input}, for a learned table.
     *
     * @throws ConfigException ({@code positional}) when the width is unknown
     */
    static int width(PluginContext context, String input) {
        try {
            return context.requireWidth(input);
        } catch (ConfigException e) {
            throw new ConfigException(POSITIONAL, e.problem(), e.hint().orElse(null));
        }
    }

    /**
     * The one width queries and keys share, for a learned table added to both.
     *
     * @throws ConfigException ({@code positional}) when they differ or are unknown
     */
    static int sharedWidth(PluginContext context, String queries, String keys) {
        int dq = width(context, queries);
        int dk = width(context, keys);
        if (dq != dk) {
            throw new ConfigException(POSITIONAL, "learned positions are one table added to " + queries + " and "
                    + keys + ", whose widths differ (" + dq + " and " + dk + ")",
                    "use positional: sinusoidal, or give " + queries + " and " + keys + " the same width");
        }
        return dq;
    }
}
