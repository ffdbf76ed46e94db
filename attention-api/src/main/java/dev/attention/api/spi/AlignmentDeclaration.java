package dev.attention.api.spi;

import dev.attention.api.Alignment;
import java.util.List;

/** The declaration of an alignment: {@link PluginDeclaration} plus {@link #scoresEachKeyAlone()}. */
public final class AlignmentDeclaration extends PluginDeclaration<Alignment, AlignmentDeclaration> {
    private boolean scoresEachKeyAlone;

    AlignmentDeclaration(String id, String description, PluginFactory<? extends Alignment> factory) {
        super(PluginKind.ALIGNMENT, id, description, factory);
    }

    /**
     * Declares that the alignment scores key {@code j} from key {@code j}'s row and the query alone,
     * not from its position among the keys, so a stream scores each arriving key once and a sliding
     * cache may forget old keys (see {@link AlignmentProvider#scoresEachKeyAlone()}). Undeclared, a
     * stream rescores every key.
     */
    public AlignmentDeclaration scoresEachKeyAlone() {
        this.scoresEachKeyAlone = true;
        return this;
    }

    @Override
    AlignmentDeclaration self() {
        return this;
    }

    @Override
    AlignmentProvider provider(String apiVersion) {
        AlignmentDeclaration d = this;
        boolean alone = scoresEachKeyAlone;
        return new AlignmentProvider() {
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
            public Alignment create(PluginContext context) {
                return d.create(context);
            }

            @Override
            public boolean scoresEachKeyAlone() {
                return alone;
            }

            @Override
            public String toString() {
                return "alignment '" + d.id() + "'";
            }
        };
    }
}
