package dev.attention.alignments;

import dev.attention.api.Alignment;
import dev.attention.api.Parameters;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.List;

/**
 * The {@code gaussian} alignment (Nadaraya–Watson kernel regression):
 * {@code a(k, q) = −‖q − k‖² / (2σ²)}; with softmax the weights are a normalised Gaussian kernel
 * {@code exp(−‖q − k‖²/(2σ²))}. Nearer keys score higher; the best score is 0 at q = k.
 *
 * <p>Shapes: queries {@code [batch…, n, d]}, keys {@code [batch…, m, d]} with identical batch
 * dimensions and equal width (otherwise a {@link dev.attention.api.ShapeException} naming both
 * shapes) give scores {@code [batch…, n, m]} in the queries' dtype. Distances are summed term by
 * term in double.
 *
 * <p>Parameters: {@code sigma} (double &gt; 0, default 1): the initial bandwidth σ. Learnable:
 * {@code log_sigma [1, 1]} = ln σ, so σ = exp(log_sigma) stays positive whatever a fit does;
 * stored in the pipeline dtype (in float32 exp(log_sigma) is σ up to float rounding).
 */
public final class GaussianProvider implements AlignmentProvider {
    static final String ID = "gaussian";
    static final String LOG_SIGMA = "log_sigma";
    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.doubleParam("sigma").defaultValue(1.0).greaterThan(0)
                    .doc("initial bandwidth σ; learned as log_sigma = ln σ"));

    public GaussianProvider() {
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
        return "Gaussian kernel (Nadaraya–Watson): a(k, q) = −‖q − k‖² / (2σ²), learnable log_sigma [1, 1]"
                + " = ln σ (needs d_q = d_k)";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    @Override
    public Alignment create(PluginContext context) {
        return new RadialAlignment(ID, LOG_SIGMA, 2, new Weights(ID, context.dtype(),
                Parameters.of(LOG_SIGMA, Weights.scalar(context.dtype(), Math.log(context.getDouble("sigma"))))));
    }

    /** A key's score reads that key's row and the query, never its position. */
    @Override
    public boolean scoresEachKeyAlone() {
        return true;
    }
}
