package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.Distribution;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import dev.attention.api.TokenDecoder;
import dev.attention.api.spi.PluginContext;
import dev.attention.api.spi.StreamForm;

/**
 * Causal multi-head self-attention one token at a time, the {@link TokenDecoder} of
 * {@link MultiHeadVariant}. For token {@code x_t [1, d]}:
 * <pre>
 *   x = x_t + PE(t) with positional (sinusoidal, or row t of the learned table)
 *   q = x W_qᵀ + b_q,  k = x W_kᵀ + b_k,  v = x W_vᵀ + b_v
 *   with rope: q rotated at position rope-offset + t, k at t (as the batch pass: keys from 0)
 *   k, v join the cache: kv-heads·d_head numbers each, not heads·d_head
 *   head i: f(a_i(K_g, q_i)) · V_g over the cached rows of kv head g = ⌊i·h_kv/h⌋ (softcap in a_i;
 *            ALiBi −slope_i·(t − j) for cached token j)
 *   y_t = [head_0, …, head_{h−1}] W_oᵀ + b_o
 * </pre>
 * Keys are rotated once, when they enter the cache. With a window W the cache keeps the last W
 * tokens, the batch mask {@code t − W < j ≤ t}. This is row t of the batch forward pass (its general
 * path, head by head), so it equals the fused path to rounding.
 */
final class MultiHeadDecoder implements TokenDecoder {
    private final MultiHeadVariant.Settings settings;
    private final MultiHeadVariant.Maps maps;
    private final PositionalEncoding positions;
    private final Alignment[] alignments;
    private final Distribution[] distributions;
    /** add-bias-kv / add-zero-attn: rows after the cached keys and values, seen by every token as in the batch. */
    private final KeyExtras extras;
    private final TokenCache keys;
    private final TokenCache values;
    private int t;

    MultiHeadDecoder(MultiHeadVariant.Settings settings, MultiHeadVariant.Maps maps, PositionalEncoding positions,
            Alignment[] alignments, Distribution[] distributions, KeyExtras extras) {
        this.settings = settings;
        this.extras = extras;
        this.maps = maps;
        this.positions = positions;
        this.alignments = alignments.clone();
        this.distributions = distributions.clone();
        this.keys = new TokenCache(maps.k().weight().rows(), settings.window());
        this.values = new TokenCache(maps.v().weight().rows(), settings.window());
    }

    /**
     * Multi-head's stream form: a decoder of its {@code sequence} with {@code inputs: self} and
     * {@code causal: true}; otherwise none, saying which setting to change.
     */
    static StreamForm streamForm(PluginContext c) {
        if (InputKind.of(c) != InputKind.SELF) {
            return StreamForm.none("multi-head with inputs: cross has no stream form",
                    "decode with inputs: self and causal: true");
        }
        if (!c.getBoolean(OrderSettings.CAUSAL)) {
            return StreamForm.none("multi-head self-attention over a stream needs causal: true",
                    "a token cannot attend to tokens that have not arrived; set causal: true");
        }
        return StreamForm.decoder(SelfVariant.SEQUENCE, c.getInt(OrderSettings.WINDOW));
    }

    @Override
    public Tensor step(Tensor token) {
        String input = SelfVariant.SEQUENCE;
        Tensor x = positions.add(input, token, t);
        Tensor q = maps.q().apply(input, x);
        Tensor k = maps.k().apply(input, x);
        Tensor v = maps.v().apply(input, x);
        Rotary rotary = settings.rope().rotary();
        if (rotary != null) {
            q = rotary.apply(q, settings.heads(), settings.rope().offset() + t);
            k = rotary.apply(k, settings.kvHeads(), t);
        }
        keys.append(k.toDoubleArray());
        values.append(v.toDoubleArray());
        t++;
        int width = settings.headDim();
        Tensor[] heads = new Tensor[settings.heads()];
        for (int h = 0; h < heads.length; h++) {
            int g = settings.kvHead(h);
            Alignment a = alignments[h] instanceof AlibiAlignment alibi ? new NewestRowAlibi(alibi.inner(), alibi.slope())
                    : alignments[h];
            heads[h] = HeadAttention.forward(a, distributions[h], HeadSplit.head(q, h, width),
                    withExtras(keys.head(g, width, q.dtype()), extras.biasK(), g, width),
                    withExtras(values.head(g, width, v.dtype()), extras.biasV(), g, width), Mask.all(), null, h)
                    .output();
        }
        return maps.o().apply("merged heads", HeadSplit.merge(heads));
    }

    /** Head {@code g}'s cached rows, then its slice of {@code bias} (when learned) and a zero row (add-zero-attn). */
    private Tensor withExtras(Tensor head, Tensor bias, int g, int width) {
        if (!extras.any()) {
            return head;
        }
        int rows = head.rows();
        Tensor.Builder b = Tensor.builder(head.dtype(), rows + extras.count(), width);
        for (int j = 0; j < rows; j++) {
            for (int c = 0; c < width; c++) {
                b.set(j * width + c, head.get(j, c));
            }
        }
        if (bias != null) {
            for (int c = 0; c < width; c++) {
                b.set(rows * width + c, bias.get(0, g * width + c));
            }
        }
        return b.build();
    }

    /**
     * ALiBi for the newest token (the one query row) over the cached keys, oldest first: key column
     * {@code c} of {@code n} is {@code n − 1 − c} positions back, so the bias is {@code −slope·(n − 1 − c)},
     * the batch's {@code −slope·|i − j|} at {@code i = t}.
     */
    private static final class NewestRowAlibi extends ConstantShiftAlignment {
        private final double slope;

        NewestRowAlibi(Alignment inner, double slope) {
            super(inner);
            this.slope = slope;
        }

        @Override
        Tensor shift(Tensor s) {
            Tensor.Builder out = Tensor.builder(s.dtype(), s.shape());
            int n = s.cols();
            for (int b = 0; b < s.batchSize(); b++) {
                for (int i = 0; i < s.rows(); i++) {
                    for (int j = 0; j < n; j++) {
                        out.set(b, i, j, s.get(b, i, j) - slope * (n - 1 - j));
                    }
                }
            }
            return out.build();
        }

        @Override
        Alignment around(Alignment other) {
            return new NewestRowAlibi(other, slope);
        }
    }

    @Override
    public int cachedTokens() {
        return keys.size();
    }

    @Override
    public int keyWidth() {
        return keys.width();
    }

    @Override
    public int valueWidth() {
        return values.width();
    }
}
