package dev.attention.alignments;

import dev.attention.api.Alignment;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.List;

/**
 * The {@code scaled-dot} alignment: {@code a(k, q) = s · qᵀk}, by default {@code s = 1/√d} with
 * {@code d} the feature width (Vaswani et al.), which keeps the scores' variance independent of d.
 *
 * <p>Shapes: queries {@code [batch…, n, d]}, keys {@code [batch…, m, d]} with identical batch
 * dimensions and equal width (otherwise a {@link dev.attention.api.ShapeException} naming both
 * shapes) give scores {@code [batch…, n, m]} in the queries' dtype; keys of the other dtype are
 * converted to it first. Dot products accumulate in double.
 *
 * <p>Parameters: {@code scale} (double ≥ 0, default 0): the factor s; 0 means 1/√d, computed
 * per call from the inputs' width. The SPI has no optional parameter without a default, hence the
 * sentinel. No learnable parameters.
 */
public final class ScaledDotProvider implements AlignmentProvider {
    static final String ID = "scaled-dot";
    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.doubleParam("scale").defaultValue(0.0).atLeast(0)
                    .doc("factor s in s·qᵀk; 0 (default) means 1/√d, d the feature width"));

    public ScaledDotProvider() {
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "scaled dot product: a(k, q) = s·qᵀk, s = 1/√d unless scale is given (needs d_q = d_k)";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    @Override
    public Alignment create(PluginContext context) {
        return new DotProductAlignment(ID, context.getDouble("scale"));
    }

    /** A key's score reads that key's row and the query, never its position. */
    @Override
    public boolean scoresEachKeyAlone() {
        return true;
    }
}
