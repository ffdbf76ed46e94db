package dev.attention.api.spi;

import dev.attention.api.Variant;
import java.util.List;
import java.util.Set;

/**
 * Service interface for {@link Variant} plugins. {@link PluginContext#alignment()} and
 * {@link PluginContext#distribution()} hand the variant the components it composes.
 */
public interface VariantProvider extends PluginProvider<Variant> {
    @Override
    default PluginKind kind() {
        return PluginKind.VARIANT;
    }

    /**
     * True for hierarchical variants that compose one alignment, distribution and parameter set per
     * level of nested input ({@code multilevel}). The engine then reads the configuration's
     * {@code pipeline.levels} (or makes one default level per level of the data's nesting) and hands
     * them over as {@link PluginContext#levels()}; for other variants a {@code levels} section is an
     * error. False by default.
     */
    default boolean takesLevels() {
        return false;
    }

    /**
     * The components the variant composes: a subset of {@link PluginKind#ALIGNMENT} and
     * {@link PluginKind#DISTRIBUTION}. A variant that computes its own scores ({@code multidimensional})
     * or attends nowhere ({@code active-memory}) leaves them out: {@code search} then tries it once
     * instead of once per alignment (distribution) it lists, and {@code explain} shows no such part.
     * The engine still hands the context a configured component, which the variant ignores. Default:
     * both.
     */
    default Set<PluginKind> composes() {
        return Set.of(PluginKind.ALIGNMENT, PluginKind.DISTRIBUTION);
    }

    /**
     * How the variant this provider creates with {@code context}'s parameters answers rows arriving
     * one at a time (see {@link StreamForm}). Default: none.
     */
    default StreamForm streamForm(PluginContext context) {
        return StreamForm.none("variant '" + id() + "' has no stream form",
                "streams support variants that declare a stream form, such as global, cross, self (causal),"
                        + " multi-head (causal), monotonic and mocha");
    }

    /**
     * The formats of other libraries' stored tensors this variant imports as its parameters (see
     * {@link TensorImport}), each with a distinct {@link TensorImport#format()}. Default: none.
     */
    default List<TensorImport> imports() {
        return List.of();
    }
}
