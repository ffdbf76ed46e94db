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
 *   q = x_t W_qᵀ + b_q,  k = x_t W_kᵀ + b_k,  v = x_t W_vᵀ + b_v
 *   with rope: q rotated at position rope-offset + t, k at t (as the batch pass: keys from 0)
 *   k, v join the cache: kv-heads·d_head numbers each, not heads·d_head
 *   head i: f(a_i(K_g, q_i)) · V_g over the cached rows of kv head g = ⌊i·h_kv/h⌋ (softcap in a_i)
 *   y_t = [head_0, …, head_{h−1}] W_oᵀ + b_o
 * </pre>
 * Keys are rotated once, when they enter the cache. With a window W the cache keeps the last W
 * tokens, the batch mask {@code t − W < j ≤ t}. This is row t of the batch forward pass (its general
 * path, head by head), so it equals the fused path to rounding.
 */
final class MultiHeadDecoder implements TokenDecoder {
    private final MultiHeadVariant.Settings settings;
    private final MultiHeadVariant.Maps maps;
    private final Alignment[] alignments;
    private final Distribution distribution;
    private final TokenCache keys;
    private final TokenCache values;
    private int t;

    MultiHeadDecoder(MultiHeadVariant.Settings settings, MultiHeadVariant.Maps maps, Alignment[] alignments,
            Distribution distribution) {
        this.settings = settings;
        this.maps = maps;
        this.alignments = alignments.clone();
        this.distribution = distribution;
        this.keys = new TokenCache(maps.k().weight().rows(), settings.window());
        this.values = new TokenCache(maps.v().weight().rows(), settings.window());
    }

    /**
     * Multi-head's stream form: a decoder of its {@code sequence} with {@code inputs: self} and
     * {@code causal: true}; otherwise none, saying which setting to change. Positions added to the
     * inputs and ALiBi are not stepped yet (rope is).
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
        if (!c.getString(PositionalSettings.POSITIONAL).equals("none") || c.getBoolean(PositionalSettings.ALIBI)) {
            return StreamForm.none("multi-head decoding steps rope positions only, not positional: "
                    + c.getString(PositionalSettings.POSITIONAL) + (c.getBoolean(PositionalSettings.ALIBI)
                            ? " with alibi" : ""),
                    "use rope: true with positional: none and alibi: false to stream it");
        }
        return StreamForm.decoder(SelfVariant.SEQUENCE, c.getInt(OrderSettings.WINDOW));
    }

    @Override
    public Tensor step(Tensor token) {
        String input = SelfVariant.SEQUENCE;
        Tensor q = maps.q().apply(input, token);
        Tensor k = maps.k().apply(input, token);
        Tensor v = maps.v().apply(input, token);
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
            heads[h] = HeadAttention.forward(alignments[h], distribution, HeadSplit.head(q, h, width),
                    keys.head(g, width, q.dtype()), values.head(g, width, v.dtype()), Mask.all(), null, h).output();
        }
        return maps.o().apply("merged heads", HeadSplit.merge(heads));
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
