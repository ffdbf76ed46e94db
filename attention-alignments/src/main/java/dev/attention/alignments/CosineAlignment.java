package dev.attention.alignments;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Map;

/**
 * {@code a(k, q) = c · qᵀk / (max(‖q‖, ε) · max(‖k‖, ε))}. Clamping the norms at ε keeps a zero
 * vector's score at 0 instead of 0/0. The factor c is either fixed or the learnable {@code scale
 * [1, 1]}. Immutable.
 */
final class CosineAlignment implements Alignment {
    static final String ID = "cosine";
    static final String SCALE = "scale";
    static final String LEARN_SCALE = "learn-scale";
    private final double fixedScale;
    private final Weights learned;
    private final double eps;

    /** A cosine with the fixed factor {@code scale}; no learnable parameters. */
    CosineAlignment(double scale, double eps) {
        this(scale, null, eps);
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("cosine: scale must be finite and > 0, got " + scale);
        }
    }

    /**
     * A cosine whose factor is the learnable {@code scale [1, 1]} held by {@code learned}. A fit may
     * move it anywhere, even through 0 (a negative factor reverses the ranking), so it is not
     * range-checked.
     */
    CosineAlignment(Weights learned, double eps) {
        this(0, learned, eps);
    }

    private CosineAlignment(double fixedScale, Weights learned, double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("cosine: eps must be finite and > 0, got " + eps);
        }
        this.fixedScale = fixedScale;
        this.learned = learned;
        this.eps = eps;
    }

    private double scale() {
        return learned == null ? fixedScale : learned.scalar(SCALE);
    }

    @Override
    public Tensor scores(Tensor queries, Tensor keys) {
        Operands o = Operands.of(ID, queries, keys);
        double[] qNorms = Products.rowNorms(o.queries, o.batch * o.n, o.d);
        double[] kNorms = Products.rowNorms(o.keys, o.batch * o.m, o.d);
        return o.scores(Products.scale(cosines(o, qNorms, kNorms), scale()));
    }

    /**
     * With {@code a_i = max(‖q_i‖, ε)}, {@code b_j = max(‖k_j‖, ε)}, the cosine
     * {@code u_ij = q_i·k_j/(a_i b_j)} and {@code s_ij = c·u_ij}:
     * {@code dL/dq_i = Σ_j G_ij c k_j/(a_i b_j) − (Σ_j G_ij s_ij) q_i/a_i²}, where the second term only
     * exists while the norm is not clamped ({@code ‖q_i‖ > ε}); keys likewise with columns. A
     * learnable factor gets {@code dL/dc = Σ G_ij u_ij}.
     */
    @Override
    public AlignmentGradients backward(Tensor queries, Tensor keys, Tensor scoreGradient) {
        Operands o = Operands.of(ID, queries, keys);
        double[] g = o.scoreGradient(ID, scoreGradient);
        double scale = scale();
        double[] qNorms = Products.rowNorms(o.queries, o.batch * o.n, o.d);
        double[] kNorms = Products.rowNorms(o.keys, o.batch * o.m, o.d);
        double[] u = cosines(o, qNorms, kNorms);

        double[] scaledG = new double[g.length];
        double[] gsRows = new double[o.batch * o.n];
        double[] gsCols = new double[o.batch * o.m];
        for (int b = 0; b < o.batch; b++) {
            for (int i = 0; i < o.n; i++) {
                int qi = b * o.n + i;
                for (int j = 0; j < o.m; j++) {
                    int kj = b * o.m + j;
                    int t = qi * o.m + j;
                    scaledG[t] = g[t] * scale / (clamp(qNorms[qi]) * clamp(kNorms[kj]));
                    gsRows[qi] += g[t] * scale * u[t];
                    gsCols[kj] += g[t] * scale * u[t];
                }
            }
        }
        double[] dq = new double[o.queries.length];
        double[] dk = new double[o.keys.length];
        Products.backThroughDots(o, scaledG, dq, dk);
        subtractNormTerm(dq, o.queries, qNorms, gsRows, o.d);
        subtractNormTerm(dk, o.keys, kNorms, gsCols, o.d);
        if (learned == null) {
            return o.gradients(dq, dk);
        }
        return o.gradients(dq, dk, learned.gradients(Map.of(SCALE, new double[] {Products.dot(g, u)})));
    }

    /** The plain cosines {@code u_ij}, without the factor. */
    private double[] cosines(Operands o, double[] qNorms, double[] kNorms) {
        double[] s = Products.queryKeyDots(o);
        for (int b = 0; b < o.batch; b++) {
            for (int i = 0; i < o.n; i++) {
                double a = clamp(qNorms[b * o.n + i]);
                for (int j = 0; j < o.m; j++) {
                    s[(b * o.n + i) * o.m + j] /= a * clamp(kNorms[b * o.m + j]);
                }
            }
        }
        return s;
    }

    /** {@code dx_r −= gs_r · x_r / ‖x_r‖²} for every row whose norm is above ε (not clamped). */
    private void subtractNormTerm(double[] dx, double[] x, double[] norms, double[] gs, int d) {
        for (int r = 0; r < norms.length; r++) {
            if (norms[r] > eps) {
                double f = gs[r] / (norms[r] * norms[r]);
                for (int c = 0; c < d; c++) {
                    dx[r * d + c] -= f * x[r * d + c];
                }
            }
        }
    }

    private double clamp(double norm) {
        return Math.max(norm, eps);
    }

    @Override
    public Parameters parameters() {
        return learned == null ? Parameters.empty() : learned.parameters();
    }

    @Override
    public Alignment withParameters(Parameters parameters) {
        if (learned == null) {
            if (!parameters.isEmpty()) {
                throw new ShapeException(ID + " has no learnable parameters (scale is fixed; set "
                        + LEARN_SCALE + ": true to learn it), got " + parameters.names());
            }
            return this;
        }
        return new CosineAlignment(learned.with(parameters), eps);
    }

    @Override
    public String toString() {
        return ID + "(scale=" + scale() + (learned == null ? "" : " learnable") + ", eps=" + eps + ")";
    }
}
