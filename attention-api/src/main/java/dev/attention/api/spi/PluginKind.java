package dev.attention.api.spi;

import java.util.Locale;

/** The three plugin kinds, each with its provider interface (the old-style service file of its kind). */
public enum PluginKind {
    ALIGNMENT(AlignmentProvider.class),
    DISTRIBUTION(DistributionProvider.class),
    VARIANT(VariantProvider.class);

    private final Class<? extends PluginProvider<?>> providerType;

    PluginKind(Class<? extends PluginProvider<?>> providerType) {
        this.providerType = providerType;
    }

    /** The provider interface, i.e. the name of the {@code META-INF/services} file. */
    public Class<? extends PluginProvider<?>> providerType() {
        return providerType;
    }

    /** Lowercase name as used in configs and listings: {@code alignment}, … */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
