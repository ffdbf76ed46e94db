package dev.attention.alignments;

import dev.attention.api.Alignment;
import dev.attention.api.Parameters;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.PluginContext;

/**
 * The {@code general} alignment (Luong et al. 2015, bilinear): {@code a(k, q) = qᵀ W k}.
 *
 * <p>Shapes: queries {@code [batch…, n, d_q]}, keys {@code [batch…, m, d_k]} with identical batch
 * dimensions give scores {@code [batch…, n, m]} in the queries' dtype; d_q may differ from d_k but
 * both must be the widths W was sized for (otherwise a {@link dev.attention.api.ShapeException}
 * naming both shapes). Sums accumulate in double.
 *
 * <p>Parameters: none. Learnable: {@code W [d_q, d_k]}, sized from the context's widths
 * {@code queries} and {@code keys} (both required), stored in the pipeline dtype, initialised
 * Xavier/Glorot uniform {@code U(−a, a)}, {@code a = √(6/(d_q + d_k))}, from
 * {@link PluginContext#random()}.
 */
public final class GeneralProvider implements AlignmentProvider {

    public GeneralProvider() {
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return GeneralAlignment.ID;
    }

    @Override
    public String description() {
        return "Luong general (bilinear): a(k, q) = qᵀ W k, learnable W [d_q, d_k] (d_q may differ from d_k)";
    }

    @Override
    public Alignment create(PluginContext context) {
        int dq = context.requireWidth("queries");
        int dk = context.requireWidth("keys");
        return new GeneralAlignment(new Weights(GeneralAlignment.ID, context.dtype(), Parameters.of(GeneralAlignment.W,
                Weights.xavierUniform(context.random(), context.dtype(), dq, dk))));
    }

    /** A key's score reads that key's row and the query, never its position. */
    @Override
    public boolean scoresEachKeyAlone() {
        return true;
    }
}
