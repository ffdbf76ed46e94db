package dev.attention.variants;

import dev.attention.api.ConfigException;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;

/**
 * The {@code project} and {@code dim} parameters that {@code self} and {@code cross} share, and the
 * checks behind them: {@code dim} only with {@code project: true}, and projections need to know
 * their inputs' widths when the variant is created.
 */
final class ProjectionSettings {
    static final String PROJECT = "project";
    static final String DIM = "dim";

    private ProjectionSettings() {
    }

    static ParameterSpec project(String doc) {
        return ParameterSpec.booleanParam(PROJECT).defaultValue(false).doc(doc);
    }

    static ParameterSpec dim(String doc) {
        return ParameterSpec.intParam(DIM).defaultValue(0).atLeast(0).doc(doc);
    }

    /**
     * Whether to project.
     *
     * @throws ConfigException ({@code dim}) when {@code dim} is set without {@code project: true}
     */
    static boolean enabled(PluginContext context) {
        boolean project = context.getBoolean(PROJECT);
        if (!project && context.getInt(DIM) != 0) {
            throw new ConfigException(DIM, "only applies to learned projections", "set project: true, or remove dim");
        }
        return project;
    }

    /** The configured {@code dim}, or {@code whenZero} for the default 0. */
    static int dim(PluginContext context, int whenZero) {
        int dim = context.getInt(DIM);
        return dim == 0 ? whenZero : dim;
    }

    /**
     * The width of {@code input}, which sizes a projection.
     *
     * @throws ConfigException ({@code project}) when the width is unknown
     */
    static int width(PluginContext context, String input) {
        try {
            return context.requireWidth(input);
        } catch (ConfigException e) {
            throw new ConfigException(PROJECT, e.problem(), e.hint().orElse(null));
        }
    }
}
