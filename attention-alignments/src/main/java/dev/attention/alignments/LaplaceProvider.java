package dev.attention.alignments;

import dev.attention.api.Alignment;
import dev.attention.api.Parameters;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.List;

/**
 * The {@code laplace} alignment: {@code a(k, q) = −‖q − k‖ / b} (Euclidean norm); with softmax the
 * weights are a normalised Laplace kernel {@code exp(−‖q − k‖/b)}. Nearer keys score higher; the
 * best score is 0 at q = k.
 *
 * <p>Shapes: queries {@code [batch…, n, d]}, keys {@code [batch…, m, d]} with identical batch
 * dimensions and equal width (otherwise a {@link dev.attention.api.ShapeException} naming both
 * shapes) give scores {@code [batch…, n, m]} in the queries' dtype. Distances are summed term by
 * term in double.
 *
 * <p>Gradient: the norm has no gradient at q = k; backward uses 0 there for both q and k (the
 * subgradient of least magnitude), so a query equal to a key gets no pull from that key.
 *
 * <p>Parameters: {@code b} (double &gt; 0, default 1): the initial scale b. Learnable:
 * {@code log_b [1, 1]} = ln b, so b = exp(log_b) stays positive; stored in the pipeline dtype.
 */
public final class LaplaceProvider implements AlignmentProvider {
    static final String ID = "laplace";
    static final String LOG_B = "log_b";
    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.doubleParam("b").defaultValue(1.0).greaterThan(0)
                    .doc("initial scale b; learned as log_b = ln b"));

    public LaplaceProvider() {
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
        return "Laplace kernel: a(k, q) = −‖q − k‖ / b, learnable log_b [1, 1] = ln b (needs d_q = d_k)";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    @Override
    public Alignment create(PluginContext context) {
        return new RadialAlignment(ID, LOG_B, 1, new Weights(ID, context.dtype(),
                Parameters.of(LOG_B, Weights.scalar(context.dtype(), Math.log(context.getDouble("b"))))));
    }

    /** A key's score reads that key's row and the query, never its position. */
    @Override
    public boolean scoresEachKeyAlone() {
        return true;
    }
}
