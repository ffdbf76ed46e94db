package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Mask;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.KernelSpec;
import java.util.Arrays;

/**
 * The inputs' {@link AttentionInputs#keyMask() key mask} and {@link AttentionInputs#scoreBias()
 * score bias}, checked against the weights' shape {@code [batch, heads, n, m]} once, in the forms
 * both paths take: the kernel's {@code keyMask}/{@code bias}, and for the general path a
 * {@link Mask} (kept keys, bias entries above {@code −∞}) plus the finite bias added to each
 * head's scores. A bias is shared ({@code n·m} entries), per batch element ({@code batch·n·m}) or
 * per head ({@code batch·heads·n·m}, i.e. {@code [batch…, heads, n, m]} or PyTorch's
 * {@code [batch·heads, n, m]}, the same order). The inputs' {@link AttentionInputs#segments()
 * segments} (packed sequences, unbatched, {@code n = m}) are the kernel's {@code segments} and, on
 * the general path, the mask {@code seg(i) = seg(j)}. Immutable.
 */
final class DataMasks {
    private enum Spread { SHARED, PER_BATCH, PER_HEAD }

    private static final DataMasks NONE = new DataMasks(null, null, null, 0, 0, 0, 0, null);

    private final boolean[] keep;
    /** Cumulative lengths of packed sequences, and each row's sequence; null without. */
    private final int[] cu;
    private final int[] segmentOf;
    private final Tensor bias;
    private final Spread spread;
    private final int batch;
    private final int heads;
    private final int n;
    private final int m;

    private DataMasks(boolean[] keep, Tensor bias, Spread spread, int batch, int heads, int n, int m, int[] cu) {
        this.keep = keep;
        this.cu = cu;
        if (cu != null) {
            segmentOf = new int[n];
            for (int s = 0; s + 1 < cu.length; s++) {
                Arrays.fill(segmentOf, cu[s], cu[s + 1], s);
            }
        } else {
            segmentOf = null;
        }
        this.bias = bias;
        this.spread = spread;
        this.batch = batch;
        this.heads = heads;
        this.n = n;
        this.m = m;
    }

    /**
     * The masks of {@code inputs} for weights {@code [batch, heads, n, m]}.
     *
     * @throws ShapeException naming the expected and the given shape when either does not fit
     */
    static DataMasks of(AttentionInputs inputs, int batch, int heads, int n, int m) {
        if (!inputs.hasDataMasks()) {
            return NONE;
        }
        boolean[] keep = inputs.keyMask().orElse(null);
        if (keep != null && keep.length != batch * m) {
            throw new ShapeException("key mask (key_padding_mask, attention_mask) has " + keep.length
                    + " entries but the keys need [batch, m] = ["
                    + batch + ", " + m + "] = " + batch * m);
        }
        Tensor bias = inputs.scoreBias().orElse(null);
        Spread spread = null;
        if (bias != null) {
            long lead = bias.size() / Math.max(1, (long) n * m);
            boolean fits = bias.rows() == n && bias.cols() == m;
            if (fits && lead == 1) {
                spread = Spread.SHARED;
            } else if (fits && lead == batch) {
                spread = Spread.PER_BATCH;
            } else if (fits && lead == (long) batch * heads) {
                spread = Spread.PER_HEAD;
            } else {
                throw new ShapeException("score bias (attn_mask) has shape " + ShapeException.format(bias.shape())
                        + " but the scores need [n, m] = [" + n + ", " + m + "] or [batch, n, m] = [" + batch + ", "
                        + n + ", " + m + "]" + (heads > 1 ? " or [batch, heads, n, m] = [" + batch + ", " + heads
                        + ", " + n + ", " + m + "]" : ""));
            }
        }
        return new DataMasks(keep, bias, spread, batch, heads, n, m, segments(inputs, batch, n, m));
    }

    /** The inputs' segments, checked against unbatched {@code n} query rows and {@code m} keys; null without. */
    private static int[] segments(AttentionInputs inputs, int batch, int n, int m) {
        int[] cu = inputs.segments().orElse(null);
        if (cu == null) {
            return null;
        }
        if (batch != 1) {
            throw new ShapeException("segments (packed sequences) need unbatched rows [total_rows, d], got " + batch
                    + " batch entries; pack the sequences one after the other, or pad them with key_lengths instead");
        }
        if (n != m) {
            throw new ShapeException("segments pack the queries and the keys alike, but there are " + n
                    + " query rows and " + m + " keys");
        }
        if (cu[cu.length - 1] != n) {
            throw new ShapeException("segments end at " + cu[cu.length - 1] + " but there are " + n
                    + " rows; the last cumulative length must be the total");
        }
        return cu;
    }

    /**
     * The masks of {@code inputs} over {@code m + extra} keys, the last {@code extra} appended by
     * {@link KeyExtras}: as PyTorch pads {@code key_padding_mask} ("keep") and {@code attn_mask} (0)
     * for {@code add_bias_kv}/{@code add_zero_attn}. For the kernel, whose key lengths and window
     * would hide the appended keys, {@code keyLengths} (null for none) join the key mask and
     * {@code order} (null for none) the bias as −∞, on the first {@code m} keys only.
     *
     * @throws ShapeException as {@link #of(AttentionInputs, int, int, int, int)} for {@code m} keys
     */
    static DataMasks of(AttentionInputs inputs, int batch, int heads, int n, int m, int extra, int[] keyLengths,
            Mask order) {
        DataMasks base = of(inputs, batch, heads, n, m);
        if (extra == 0) {
            return base;
        }
        if (base.cu != null) {
            throw new ShapeException("segments (packed sequences) with add-bias-kv or add-zero-attn are not supported;"
                    + " pad the sequences with key_lengths instead");
        }
        int wide = m + extra;
        boolean[] keep = null;
        if (base.keep != null || keyLengths != null) {
            keep = new boolean[batch * wide];
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < wide; j++) {
                    keep[b * wide + j] = j >= m || ((base.keep == null || base.keep[b * m + j])
                            && (keyLengths == null || j < keyLengths[b]));
                }
            }
        }
        boolean ordered = order != null && !order.allowsAll();
        if (base.bias == null && !ordered) {
            return new DataMasks(keep, null, null, batch, heads, n, wide, null);
        }
        Spread spread = base.bias == null ? Spread.SHARED : base.spread;
        int lead = switch (spread) {
            case SHARED -> 1;
            case PER_BATCH -> batch;
            case PER_HEAD -> batch * heads;
        };
        Tensor.Builder bias = Tensor.builder(base.bias == null ? DType.FLOAT64 : base.bias.dtype(), lead, n, wide);
        for (int l = 0; l < lead; l++) {
            // The batch element and head of this block, for the bias and the order.
            int b = spread == Spread.PER_HEAD ? l / heads : l;
            int h = spread == Spread.PER_HEAD ? l % heads : 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double x = base.bias == null ? 0 : base.biasAt(b, h, i, j);
                    bias.set((l * n + i) * wide + j, ordered && !order.allows(b, i, j) ? Double.NEGATIVE_INFINITY : x);
                }
            }
        }
        return new DataMasks(keep, bias.build(), spread, batch, heads, n, wide, null);
    }

    boolean hasBias() {
        return bias != null;
    }

    boolean none() {
        return keep == null && bias == null && cu == null;
    }

    /** The bias entry of (batch element b, head h, query i, key j). */
    private double biasAt(int b, int h, int i, int j) {
        return switch (spread) {
            case SHARED -> bias.at(i * m + j);
            case PER_BATCH -> bias.at((b * n + i) * m + j);
            case PER_HEAD -> bias.at(((b * heads + h) * n + i) * m + j);
        };
    }

    /** Head {@code h}'s positions these masks allow: kept keys whose bias is above {@code −∞}. */
    Mask mask(int h) {
        if (none()) {
            return Mask.all();
        }
        return (b, i, j) -> (keep == null || keep[b * m + j])
                && (bias == null || biasAt(b, h, i, j) != Double.NEGATIVE_INFINITY)
                && (segmentOf == null || segmentOf[i] == segmentOf[j]);
    }

    /** Head {@code h}'s scores {@code [batch…, n, m]} plus the finite bias; the scores themselves without one. */
    Tensor addBias(Tensor scores, int h) {
        if (bias == null) {
            return scores;
        }
        Tensor.Builder out = Tensor.builder(scores.dtype(), scores.shape());
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double x = biasAt(b, h, i, j);
                    int at = (b * n + i) * m + j;
                    out.set(at, x == Double.NEGATIVE_INFINITY ? scores.at(at) : scores.at(at) + x);
                }
            }
        }
        return out.build();
    }

    /**
     * {@code spec} with the key mask and the bias: shared as {@code [n, m]}, otherwise as
     * {@code [batch, heads, n, m]} (a per-batch bias repeated over the heads), the kernel's layouts.
     */
    KernelSpec applyTo(KernelSpec spec) {
        KernelSpec s = keep == null ? spec : spec.keyMask(keep);
        if (cu != null) {
            s = s.segments(cu);
        }
        if (bias == null) {
            return s;
        }
        if (spread == Spread.SHARED) {
            return s.bias(bias.reshape(n, m));
        }
        if (spread == Spread.PER_HEAD || heads == 1) {
            return s.bias(bias.reshape(batch * heads, n, m));
        }
        Tensor.Builder out = Tensor.builder(bias.dtype(), batch * heads, n, m);
        int block = n * m;
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                for (int t = 0; t < block; t++) {
                    out.set((b * heads + h) * block + t, bias.at(b * block + t));
                }
            }
        }
        return s.bias(out.build());
    }

    @Override
    public String toString() {
        return "DataMasks(" + (keep == null ? "" : "key mask ") + (cu == null ? "" : (cu.length - 1) + " segments ") + (bias == null ? "" : "bias "
                + Arrays.toString(bias.shape()) + " " + spread) + ")";
    }
}
