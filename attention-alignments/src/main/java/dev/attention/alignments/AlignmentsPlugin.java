package dev.attention.alignments;

import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.PluginRegistrar;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The entry point of this jar: the eight alignments {@code a(k, q)}. Common to all: queries
 * {@code [batch…, n, d_q]} and keys {@code [batch…, m, d_k]} with identical batch dimensions give
 * scores {@code [batch…, n, m]} in the queries' dtype (keys of the other dtype are converted first),
 * sums accumulate in double, and a shape that does not fit is a {@link dev.attention.api.ShapeException}
 * naming both shapes. Learnable parameters are stored in the pipeline dtype; matrices are initialised
 * Xavier/Glorot uniform {@code U(−a, a)}, {@code a = √(6/(fan_in + fan_out))}, from
 * {@link PluginContext#random()}, and a plugin that sizes them from the context's widths
 * ({@code queries}, {@code keys}) requires them. Every alignment here but {@code location} scores a
 * key from its row and the query alone ({@code scoresEachKeyAlone}).
 */
public final class AlignmentsPlugin implements AttentionPlugin {

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public void register(PluginRegistrar plugins) {
        // dot: a(k, q) = qᵀk; needs d_q = d_k. No parameters, nothing learnable.
        plugins.alignment("dot", "dot product: a(k, q) = qᵀk (needs d_q = d_k)",
                c -> new DotProductAlignment("dot", 1.0))
                .scoresEachKeyAlone();

        // scaled-dot (Vaswani et al.): a(k, q) = s·qᵀk, s = 1/√d by default, which keeps the scores'
        // variance independent of d. scale 0 is the sentinel for 1/√d, computed per call from the
        // inputs' width: the SPI has no optional parameter without a default. Nothing learnable.
        plugins.alignment("scaled-dot", "scaled dot product: a(k, q) = s·qᵀk, s = 1/√d unless scale is given"
                + " (needs d_q = d_k)", c -> new DotProductAlignment("scaled-dot", c.getDouble("scale")))
                .parameters(ParameterSpec.doubleParam("scale").defaultValue(0.0).atLeast(0)
                        .doc("factor s in s·qᵀk; 0 (default) means 1/√d, d the feature width"))
                .scoresEachKeyAlone();

        // cosine: a(k, q) = scale·qᵀk / (max(‖q‖, ε)·max(‖k‖, ε)), in [−scale, scale]; a zero vector
        // scores 0, never NaN, and the gradient is exact wherever no norm sits at ε. With
        // learn-scale, 'scale' [1, 1] is learnable, starting at the configured scale; a fit may move
        // it anywhere (a negative factor reverses the ranking).
        plugins.alignment(CosineAlignment.ID, "cosine similarity: a(k, q) = scale·qᵀk / (max(‖q‖, eps)·max(‖k‖,"
                + " eps)), scale learnable with learn-scale (needs d_q = d_k)", AlignmentsPlugin::cosine)
                .parameters(ParameterSpec.doubleParam("scale").defaultValue(1.0).greaterThan(0)
                                .doc("factor on the cosine; scores lie in [-scale, scale]"),
                        ParameterSpec.doubleParam("eps").defaultValue(1e-8).greaterThan(0)
                                .doc("norms below eps are clamped to eps, so zero vectors score 0"),
                        ParameterSpec.booleanParam(CosineAlignment.LEARN_SCALE).defaultValue(false)
                                .doc("true makes scale a learnable parameter 'scale' [1, 1], starting at the"
                                        + " configured scale"))
                .scoresEachKeyAlone();

        // general (Luong et al. 2015, bilinear): a(k, q) = qᵀ W k, learnable W [d_q, d_k]; d_q may
        // differ from d_k. No parameters.
        plugins.alignment(GeneralAlignment.ID, "Luong general (bilinear): a(k, q) = qᵀ W k, learnable W [d_q, d_k]"
                + " (d_q may differ from d_k)", c -> new GeneralAlignment(new Weights(GeneralAlignment.ID, c.dtype(),
                        Parameters.of(GeneralAlignment.W, Weights.xavierUniform(c.random(), c.dtype(),
                                c.requireWidth("queries"), c.requireWidth("keys"))))))
                .scoresEachKeyAlone();

        // additive (Bahdanau et al. 2015; Luong's "concat"): a(k, q) = vᵀ tanh(W_q q + W_k k), a
        // one-hidden-layer network per pair; cost: the projections once per row, then O(n·m·h).
        // Learnable, drawn in this order from one random(): W_q [h, d_q], W_k [h, d_k], v [1, h].
        plugins.alignment(AdditiveAlignment.ID, "Bahdanau additive (concat): a(k, q) = vᵀ tanh(W_q q + W_k k),"
                + " learnable W_q [h, d_q], W_k [h, d_k], v [1, h] (d_q may differ from d_k)", AlignmentsPlugin::additive)
                .parameters(ParameterSpec.intParam("hidden").defaultValue(16).atLeast(1)
                        .doc("hidden width h: W_q [h, d_q], W_k [h, d_k], v [1, h]"))
                .scoresEachKeyAlone();

        // gat (Veličković et al. 2018): a(k, q) = LeakyReLU(aᵀ [q ‖ k]), GAT's score once its shared W
        // has projected both sides (the graph variant's project: true); cost O(n + m) dot products,
        // then O(n·m). Learnable a [1, d_q + d_k], Xavier-uniform from one random().
        plugins.alignment(GatAlignment.ID, "GAT (graph attention): a(k, q) = LeakyReLU(aᵀ [q ‖ k]) with slope s"
                + " below 0, learnable a [1, d_q + d_k] (d_q may differ from d_k)", c -> {
                    int dq = c.requireWidth("queries");
                    int dk = c.requireWidth("keys");
                    return new GatAlignment(new Weights(GatAlignment.ID, c.dtype(), Parameters.of(GatAlignment.A,
                            Weights.xavierUniform(c.random(), c.dtype(), 1, dq + dk))), c.getDouble("slope"), dq, dk);
                })
                .parameters(ParameterSpec.doubleParam("slope").defaultValue(0.2).atLeast(0)
                        .doc("negative slope s of the LeakyReLU: s·x for x < 0 (GAT: 0.2)"))
                .scoresEachKeyAlone();

        // gaussian (Nadaraya–Watson kernel regression): a(k, q) = −‖q − k‖² / (2σ²); with softmax the
        // weights are a normalised Gaussian kernel. Learnable log_sigma [1, 1] = ln σ, so σ stays
        // positive whatever a fit does (in float32 exp(log_sigma) is σ up to rounding).
        plugins.alignment("gaussian", "Gaussian kernel (Nadaraya–Watson): a(k, q) = −‖q − k‖² / (2σ²), learnable"
                + " log_sigma [1, 1] = ln σ (needs d_q = d_k)",
                c -> radial(c, "gaussian", "log_sigma", 2, c.getDouble("sigma")))
                .parameters(ParameterSpec.doubleParam("sigma").defaultValue(1.0).greaterThan(0)
                        .doc("initial bandwidth σ; learned as log_sigma = ln σ"))
                .scoresEachKeyAlone();

        // laplace: a(k, q) = −‖q − k‖ / b (Euclidean norm); with softmax a normalised Laplace kernel.
        // The norm has no gradient at q = k: backward uses 0 there (the subgradient of least
        // magnitude). Learnable log_b [1, 1] = ln b.
        plugins.alignment("laplace", "Laplace kernel: a(k, q) = −‖q − k‖ / b, learnable log_b [1, 1] = ln b"
                + " (needs d_q = d_k)", c -> radial(c, "laplace", "log_b", 1, c.getDouble("b")))
                .parameters(ParameterSpec.doubleParam("b").defaultValue(1.0).greaterThan(0)
                        .doc("initial scale b; learned as log_b = ln b"))
                .scoresEachKeyAlone();

        // location (Luong et al. 2015): a(k_j, q_i) = (W q_i)_j; the keys give only their count
        // m ≤ max-positions (else a ShapeException naming max-positions) and get a zero gradient.
        // Learnable W [S, d_q], S = max-positions. Position-dependent, so not scoresEachKeyAlone.
        plugins.alignment(LocationAlignment.ID, "Luong location: a(k_j, q_i) = (W q_i)_j, learnable"
                + " W [max-positions, d_q]; keys only give their count m ≤ max-positions",
                c -> new LocationAlignment(new Weights(LocationAlignment.ID, c.dtype(), Parameters.of(
                        LocationAlignment.W, Weights.xavierUniform(c.random(), c.dtype(),
                                c.getInt(LocationAlignment.MAX_POSITIONS), c.requireWidth("queries"))))))
                .parameters(ParameterSpec.intParam(LocationAlignment.MAX_POSITIONS).atLeast(1)
                        .doc("S, the most keys a call may have; W is [S, d_q]"));
    }

    private static CosineAlignment cosine(PluginContext c) {
        double scale = c.getDouble("scale");
        double eps = c.getDouble("eps");
        if (!c.getBoolean(CosineAlignment.LEARN_SCALE)) {
            return new CosineAlignment(scale, eps);
        }
        return new CosineAlignment(new Weights(CosineAlignment.ID, c.dtype(),
                Parameters.of(CosineAlignment.SCALE, Weights.scalar(c.dtype(), scale))), eps);
    }

    private static AdditiveAlignment additive(PluginContext c) {
        int dq = c.requireWidth("queries");
        int dk = c.requireWidth("keys");
        int h = c.getInt("hidden");
        Random random = c.random();
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put(AdditiveAlignment.W_Q, Weights.xavierUniform(random, c.dtype(), h, dq));
        p.put(AdditiveAlignment.W_K, Weights.xavierUniform(random, c.dtype(), h, dk));
        p.put(AdditiveAlignment.V, Weights.xavierUniform(random, c.dtype(), 1, h));
        return new AdditiveAlignment(new Weights(AdditiveAlignment.ID, c.dtype(), Parameters.of(p)));
    }

    /** A radial kernel whose learnable width is stored as its logarithm, so it stays positive. */
    private static RadialAlignment radial(PluginContext c, String id, String logWidth, int power, double width) {
        return new RadialAlignment(id, logWidth, power, new Weights(id, c.dtype(),
                Parameters.of(logWidth, Weights.scalar(c.dtype(), Math.log(width)))));
    }
}
