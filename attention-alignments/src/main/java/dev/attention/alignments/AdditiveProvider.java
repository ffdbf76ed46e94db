package dev.attention.alignments;

import dev.attention.api.Alignment;
import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The {@code additive} alignment (Bahdanau et al. 2015; Luong's "concat"):
 * {@code a(k, q) = vᵀ tanh(W_q q + W_k k)}, a one-hidden-layer network scoring each pair.
 *
 * <p>Shapes: queries {@code [batch…, n, d_q]}, keys {@code [batch…, m, d_k]} with identical batch
 * dimensions give scores {@code [batch…, n, m]} in the queries' dtype; d_q may differ from d_k but
 * both must be the widths the parameters were sized for (otherwise a
 * {@link dev.attention.api.ShapeException} naming both shapes). Sums accumulate in double. Cost:
 * the projections once per row, then {@code O(n·m·h)}.
 *
 * <p>Parameters: {@code hidden} (int ≥ 1, default 16): the hidden width h. Learnable, in this
 * order: {@code W_q [h, d_q]}, {@code W_k [h, d_k]}, {@code v [1, h]}, sized from the context's
 * widths {@code queries} and {@code keys} (both required), stored in the pipeline dtype, each
 * initialised Xavier/Glorot uniform {@code U(−a, a)}, {@code a = √(6/(fan_in + fan_out))}, drawn
 * in that order from one {@link PluginContext#random()}.
 */
public final class AdditiveProvider implements AlignmentProvider {
    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.intParam("hidden").defaultValue(16).atLeast(1)
                    .doc("hidden width h: W_q [h, d_q], W_k [h, d_k], v [1, h]"));

    public AdditiveProvider() {
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return AdditiveAlignment.ID;
    }

    @Override
    public String description() {
        return "Bahdanau additive (concat): a(k, q) = vᵀ tanh(W_q q + W_k k), learnable W_q [h, d_q], W_k [h, d_k],"
                + " v [1, h] (d_q may differ from d_k)";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    @Override
    public Alignment create(PluginContext context) {
        int dq = context.requireWidth("queries");
        int dk = context.requireWidth("keys");
        int h = context.getInt("hidden");
        DType dtype = context.dtype();
        Random random = context.random();
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put(AdditiveAlignment.W_Q, Weights.xavierUniform(random, dtype, h, dq));
        p.put(AdditiveAlignment.W_K, Weights.xavierUniform(random, dtype, h, dk));
        p.put(AdditiveAlignment.V, Weights.xavierUniform(random, dtype, 1, h));
        return new AdditiveAlignment(new Weights(AdditiveAlignment.ID, dtype, Parameters.of(p)));
    }

    /** A key's score reads that key's row and the query, never its position. */
    @Override
    public boolean scoresEachKeyAlone() {
        return true;
    }
}
