package dev.attention.api.spi;

import dev.attention.api.Distribution;
import java.util.List;

/** The declaration of a distribution: a {@link PluginDeclaration} with nothing kind-specific. */
public final class DistributionDeclaration extends PluginDeclaration<Distribution, DistributionDeclaration> {

    DistributionDeclaration(String id, String description, PluginFactory<? extends Distribution> factory) {
        super(PluginKind.DISTRIBUTION, id, description, factory);
    }

    @Override
    DistributionDeclaration self() {
        return this;
    }

    @Override
    DistributionProvider provider(String apiVersion) {
        DistributionDeclaration d = this;
        return new DistributionProvider() {
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
            public Distribution create(PluginContext context) {
                return d.create(context);
            }

            @Override
            public String toString() {
                return "distribution '" + d.id() + "'";
            }
        };
    }
}
