package dev.attention.alignments;

import dev.attention.api.Alignment;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.PluginContext;

/**
 * The {@code dot} alignment: {@code a(k, q) = qᵀk}.
 *
 * <p>Shapes: queries {@code [batch…, n, d]}, keys {@code [batch…, m, d]} with identical batch
 * dimensions and equal width (otherwise a {@link dev.attention.api.ShapeException} naming both
 * shapes) give scores {@code [batch…, n, m]} in the queries' dtype; keys of the other dtype are
 * converted to it first. Dot products accumulate in double.
 *
 * <p>Parameters: none. No learnable parameters.
 */
public final class DotProvider implements AlignmentProvider {
    static final String ID = "dot";

    public DotProvider() {
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
        return "dot product: a(k, q) = qᵀk (needs d_q = d_k)";
    }

    @Override
    public Alignment create(PluginContext context) {
        return new DotProductAlignment(ID, 1.0);
    }

    /** A key's score reads that key's row and the query, never its position. */
    @Override
    public boolean scoresEachKeyAlone() {
        return true;
    }
}
