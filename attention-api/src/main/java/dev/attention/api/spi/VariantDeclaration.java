package dev.attention.api.spi;

import dev.attention.api.Variant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The declaration of a variant: a {@link PluginDeclaration} plus {@link #takesLevels()},
 * {@link #streamForm(Function)} and {@link #imports(TensorImport...)}, the same declarations
 * {@link VariantProvider} has.
 */
public final class VariantDeclaration extends PluginDeclaration<Variant, VariantDeclaration> {
    private boolean takesLevels;
    private Function<PluginContext, StreamForm> streamForm;
    private List<TensorImport> imports = List.of();

    VariantDeclaration(String id, String description, PluginFactory<? extends Variant> factory) {
        super(PluginKind.VARIANT, id, description, factory);
    }

    /** A hierarchical variant that composes one alignment and distribution per level (see {@link VariantProvider#takesLevels()}). */
    public VariantDeclaration takesLevels() {
        this.takesLevels = true;
        return this;
    }

    /**
     * How the variant created with given parameters answers rows arriving one at a time (see
     * {@link VariantProvider#streamForm}). Undeclared: no stream form.
     */
    public VariantDeclaration streamForm(Function<PluginContext, StreamForm> form) {
        this.streamForm = Objects.requireNonNull(form, "streamForm");
        return this;
    }

    /** The stored-tensor formats of other libraries the variant imports (see {@link VariantProvider#imports()}). */
    public VariantDeclaration imports(TensorImport... formats) {
        this.imports = List.of(formats);
        return this;
    }

    @Override
    VariantDeclaration self() {
        return this;
    }

    @Override
    VariantProvider provider(String apiVersion) {
        VariantDeclaration d = this;
        boolean levels = takesLevels;
        Function<PluginContext, StreamForm> form = streamForm;
        List<TensorImport> formats = imports;
        return new VariantProvider() {
            @Override
            public String apiVersion() {
                return apiVersion;
            }

            @Override
            public String id() {
                return d.id();
            }

            @Override
            public String description() {
                return d.description();
            }

            @Override
            public List<ParameterSpec> parameters() {
                return d.declaredParameters();
            }

            @Override
            public Variant create(PluginContext context) {
                return d.create(context);
            }

            @Override
            public boolean takesLevels() {
                return levels;
            }

            @Override
            public StreamForm streamForm(PluginContext context) {
                return form == null ? VariantProvider.super.streamForm(context) : form.apply(context);
            }

            @Override
            public List<TensorImport> imports() {
                return formats;
            }

            @Override
            public String toString() {
                return "variant '" + d.id() + "'";
            }
        };
    }
}
