package dev.attention.variants;

import dev.attention.api.DType;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import java.util.Random;

/**
 * The key/value rows multi-head's {@code add-bias-kv} and {@code add-zero-attn} append after the
 * projections, as PyTorch's {@code nn.MultiheadAttention}:
 * <pre>
 *   K' = [K; bias_k; 0],  V' = [V; bias_v; 0]        [batch…, m + e, h_kv·d_head]
 * </pre>
 * the learned row {@code bias_k}/{@code bias_v [1, h_kv·d_head]} with {@code add-bias-kv}, then an
 * all-zero row with {@code add-zero-attn} (zero in every head); {@code e} counts them. The appended
 * keys {@code m, m + 1} are visible to every real query: PyTorch pads the key padding mask with
 * "keep" and the score bias with 0, and here causal order and windows cover the {@code m} keys only.
 * Immutable.
 *
 * @param biasK null without add-bias-kv
 * @param biasV null without add-bias-kv
 */
record KeyExtras(Tensor biasK, Tensor biasV, boolean zeroAttn) {
    static final KeyExtras NONE = new KeyExtras(null, null, false);
    static final String BIAS_K = "bias_k";
    static final String BIAS_V = "bias_v";

    /** Whether any row is appended. */
    boolean any() {
        return count() > 0;
    }

    /** e: the rows appended. */
    int count() {
        return (biasK == null ? 0 : 1) + (zeroAttn ? 1 : 0);
    }

    /** {@code [K; bias_k; 0]}, in K's dtype. */
    Tensor keys(Tensor k) {
        return append(k, biasK);
    }

    /** {@code [V; bias_v; 0]}, in V's dtype. */
    Tensor values(Tensor v) {
        return append(v, biasV);
    }

    private Tensor append(Tensor x, Tensor bias) {
        if (!any()) {
            return x;
        }
        int m = x.rows();
        int w = x.cols();
        int[] shape = x.shape();
        shape[shape.length - 2] = m + count();
        Tensor.Builder out = Tensor.builder(x.dtype(), shape);
        for (int b = 0; b < x.batchSize(); b++) {
            for (int j = 0; j < m; j++) {
                for (int c = 0; c < w; c++) {
                    out.set(b, j, c, x.get(b, j, c));
                }
            }
            if (bias != null) {
                for (int c = 0; c < w; c++) {
                    out.set(b, m, c, bias.at(c));
                }
            }
            // The zero row is already zero.
        }
        return out.build();
    }

    /** The first {@code m} rows of a gradient of {@code [batch…, m + e, w]}: the projections' share. */
    Tensor original(Tensor d, int m) {
        if (!any()) {
            return d;
        }
        int[] shape = d.shape();
        shape[shape.length - 2] = m;
        Tensor.Builder out = Tensor.builder(d.dtype(), shape);
        for (int b = 0; b < d.batchSize(); b++) {
            for (int j = 0; j < m; j++) {
                for (int c = 0; c < d.cols(); c++) {
                    out.set(b, j, c, d.get(b, j, c));
                }
            }
        }
        return out.build();
    }

    /**
     * {@code dL/d bias [1, w] = Σ_batch d[b, m, :]}: the bias row is the same in every batch element;
     * null without add-bias-kv (the zero row has no parameters).
     */
    Tensor biasGradient(Tensor d, int m, DType dtype) {
        if (biasK == null) {
            return null;
        }
        double[] acc = new double[d.cols()];
        for (int b = 0; b < d.batchSize(); b++) {
            for (int c = 0; c < acc.length; c++) {
                acc[c] += d.get(b, m, c);
            }
        }
        return Tensor.of(dtype, new int[] {1, acc.length}, acc);
    }

    /**
     * {@code mask} over the {@code m + e} keys: as given for keys below {@code m}; the appended
     * keys visible to every real query ({@code realQuery(b, i)}), padded query rows still see nothing.
     */
    Mask over(Mask mask, int m, InputKind.Sources s) {
        if (!any()) {
            return mask;
        }
        return (b, i, j) -> j < m ? mask.allows(b, i, j) : !s.paddedQuery(b, i);
    }

    /** A copy with the learned rows replaced by {@code biasK}, {@code biasV} when not null. */
    KeyExtras with(Tensor k, Tensor v) {
        return new KeyExtras(k == null ? biasK : k, v == null ? biasV : v, zeroAttn);
    }

    /**
     * A row {@code [1, width]} drawn as PyTorch's {@code xavier_normal_} on {@code [1, 1, E]}:
     * fan-in = fan-out = E, so normal with {@code σ = √(2 / (E + E)) = 1/√E}.
     */
    static Tensor xavierNormal(Random random, DType dtype, int width) {
        double sigma = 1 / Math.sqrt(width);
        Tensor.Builder b = Tensor.builder(dtype, 1, width);
        for (int c = 0; c < width; c++) {
            b.set(c, sigma * random.nextGaussian());
        }
        return b.build();
    }

    @Override
    public String toString() {
        return (biasK == null ? "" : "add-bias-kv") + (biasK != null && zeroAttn ? ", " : "")
                + (zeroAttn ? "add-zero-attn" : "");
    }
}
