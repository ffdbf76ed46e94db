package dev.attention.api.spi;

import java.util.List;
import java.util.Objects;

/**
 * What a jar declares about one plugin through the {@link PluginRegistrar}: kind, id, one-line
 * description, parameters and factory, plus what the kind lets it declare
 * ({@link AlignmentDeclaration}, {@link DistributionDeclaration}, {@link VariantDeclaration}).
 * Calls chain; the registrar reads the declaration when {@link AttentionPlugin#register} returns.
 *
 * @param <T> the plugin type
 * @param <D> the declaration's own type, so chained calls keep it
 */
public abstract sealed class PluginDeclaration<T, D extends PluginDeclaration<T, D>>
        permits AlignmentDeclaration, DistributionDeclaration, VariantDeclaration {
    private final PluginKind kind;
    private final String id;
    private final String description;
    private final PluginFactory<? extends T> factory;
    private List<ParameterSpec> parameters = List.of();

    PluginDeclaration(PluginKind kind, String id, String description, PluginFactory<? extends T> factory) {
        this.kind = kind;
        this.id = id;
        this.description = description;
        this.factory = Objects.requireNonNull(factory, "factory of '" + id + "'");
    }

    /** The declared parameters, in the order listings show them; the engine refuses any other key. */
    public final D parameters(ParameterSpec... specs) {
        return parameters(List.of(specs));
    }

    /** The declared parameters, in the order listings show them; the engine refuses any other key. */
    public final D parameters(List<ParameterSpec> specs) {
        this.parameters = List.copyOf(specs);
        return self();
    }

    public final PluginKind kind() {
        return kind;
    }

    public final String id() {
        return id;
    }

    public final String description() {
        return description;
    }

    final List<ParameterSpec> declaredParameters() {
        return parameters;
    }

    final T create(PluginContext context) {
        return factory.create(context);
    }

    abstract D self();

    /** This declaration as the provider the engine uses, answering {@code apiVersion} for its jar. */
    abstract PluginProvider<T> provider(String apiVersion);
}
