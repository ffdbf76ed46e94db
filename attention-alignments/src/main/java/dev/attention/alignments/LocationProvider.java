package dev.attention.alignments;

import dev.attention.api.Alignment;
import dev.attention.api.Parameters;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.List;

/**
 * The {@code location} alignment (Luong et al. 2015): {@code a(k_j, q_i) = (W q_i)_j}. Each query
 * alone scores every position; the keys' contents are ignored, only their count m is used, and the
 * first m of the S = {@code max-positions} scores are kept.
 *
 * <p>Shapes: queries {@code [batch…, n, d_q]} (d_q the width W was sized for), keys
 * {@code [batch…, m, any]} with identical batch dimensions and {@code m ≤ max-positions} give
 * scores {@code [batch…, n, m]} in the queries' dtype; otherwise a
 * {@link dev.attention.api.ShapeException} (naming {@code max-positions} when m is too large).
 * The keys' gradient is zero.
 *
 * <p>Parameters: {@code max-positions} (int ≥ 1, required): S, the most keys a call may have.
 * Learnable: {@code W [S, d_q]}, sized from the context's width {@code queries} (required),
 * stored in the pipeline dtype, initialised Xavier/Glorot uniform {@code U(−a, a)},
 * {@code a = √(6/(d_q + S))}, from {@link PluginContext#random()}.
 */
public final class LocationProvider implements AlignmentProvider {
    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.intParam(LocationAlignment.MAX_POSITIONS).atLeast(1)
                    .doc("S, the most keys a call may have; W is [S, d_q]"));

    public LocationProvider() {
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return LocationAlignment.ID;
    }

    @Override
    public String description() {
        return "Luong location: a(k_j, q_i) = (W q_i)_j, learnable W [max-positions, d_q]; keys only give their"
                + " count m ≤ max-positions";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    @Override
    public Alignment create(PluginContext context) {
        int dq = context.requireWidth("queries");
        int positions = context.getInt(LocationAlignment.MAX_POSITIONS);
        return new LocationAlignment(new Weights(LocationAlignment.ID, context.dtype(), Parameters.of(
                LocationAlignment.W, Weights.xavierUniform(context.random(), context.dtype(), positions, dq))));
    }
}
