package dev.attention.alignments;

import dev.attention.api.Alignment;
import dev.attention.api.Parameters;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.List;

/**
 * The {@code cosine} alignment: {@code a(k, q) = scale · qᵀk / (max(‖q‖, ε) · max(‖k‖, ε))}, the
 * cosine of the angle between q and k times {@code scale}. A zero vector scores 0, never NaN; the
 * gradient is exact wherever no norm sits at ε.
 *
 * <p>Shapes: queries {@code [batch…, n, d]}, keys {@code [batch…, m, d]} with identical batch
 * dimensions and equal width (otherwise a {@link dev.attention.api.ShapeException} naming both
 * shapes) give scores {@code [batch…, n, m]} in [−scale, scale] and the queries' dtype; keys of the
 * other dtype are converted to it first. Sums accumulate in double.
 *
 * <p>Parameters: {@code scale} (double &gt; 0, default 1), {@code eps} (double &gt; 0, default
 * 1e-8): the smallest norm divided by, {@code learn-scale} (boolean, default false). Learnable:
 * none by default; with {@code learn-scale: true}, {@code scale [1, 1]}, initialised to the
 * configured {@code scale} and stored in the pipeline dtype. A fit may move it anywhere (it is not
 * kept positive: a negative factor reverses the ranking).
 */
public final class CosineProvider implements AlignmentProvider {
    static final String LEARN_SCALE = "learn-scale";
    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.doubleParam("scale").defaultValue(1.0).greaterThan(0)
                    .doc("factor on the cosine; scores lie in [-scale, scale]"),
            ParameterSpec.doubleParam("eps").defaultValue(1e-8).greaterThan(0)
                    .doc("norms below eps are clamped to eps, so zero vectors score 0"),
            ParameterSpec.booleanParam(LEARN_SCALE).defaultValue(false)
                    .doc("true makes scale a learnable parameter 'scale' [1, 1], starting at the configured scale"));

    public CosineProvider() {
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public String id() {
        return CosineAlignment.ID;
    }

    @Override
    public String description() {
        return "cosine similarity: a(k, q) = scale·qᵀk / (max(‖q‖, eps)·max(‖k‖, eps)), scale learnable with"
                + " learn-scale (needs d_q = d_k)";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    @Override
    public Alignment create(PluginContext context) {
        double scale = context.getDouble("scale");
        double eps = context.getDouble("eps");
        if (!context.getBoolean(LEARN_SCALE)) {
            return new CosineAlignment(scale, eps);
        }
        return new CosineAlignment(new Weights(CosineAlignment.ID, context.dtype(),
                Parameters.of(CosineAlignment.SCALE, Weights.scalar(context.dtype(), scale))), eps);
    }

    /** A key's score reads that key's row and the query, never its position. */
    @Override
    public boolean scoresEachKeyAlone() {
        return true;
    }
}
