package dev.attention.api.spi;

import dev.attention.api.Variant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The declaration of a variant: a {@link PluginDeclaration} plus {@link #takesLevels()},
 * {@link #composes(PluginKind...)}, {@link #streamForm(Function)} and
 * {@link #imports(TensorImport...)}, the same declarations
 * {@link VariantProvider} has.
 */
public final class VariantDeclaration extends PluginDeclaration<Variant, VariantDeclaration> {
    private boolean takesLevels;
    private Set<PluginKind> composes = Set.of(PluginKind.ALIGNMENT, PluginKind.DISTRIBUTION);
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
     * The components the variant uses, alignment and/or distribution (see
     * {@link VariantProvider#composes()}); {@code composes()} with none for a variant that uses
     * neither. Undeclared: both.
     *
     * @throws IllegalArgumentException for a kind other than alignment or distribution
     */
    public VariantDeclaration composes(PluginKind... kinds) {
        Set<PluginKind> set = EnumSet.noneOf(PluginKind.class);
        for (PluginKind k : kinds) {
            if (k != PluginKind.ALIGNMENT && k != PluginKind.DISTRIBUTION) {
                throw new IllegalArgumentException("variant '" + id() + "' can compose an alignment or a"
                        + " distribution, not a " + k.id());
            }
            set.add(k);
        }
        this.composes = Set.copyOf(set);
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
        Set<PluginKind> parts = composes;
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
            public Set<PluginKind> composes() {
                return parts;
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
