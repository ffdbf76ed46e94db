package dev.attention.variants;

import dev.attention.api.ConfigException;
import dev.attention.api.Tensor;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.List;

/**
 * Multi-head's rotary position embeddings: the {@code rope*} parameters and what they make, a
 * {@link Rotary} applied to the projected queries (query heads) and keys (kv heads), key row
 * {@code j} at position {@code j} and query row {@code i} at {@code offset + i}, or nothing when
 * {@code rope} is off. The offset is for queries that continue a sequence whose keys are all given
 * (the last {@code n} of {@code m} tokens: {@code offset = m − n}, as in decoding with a KV cache);
 * one offset on both sides would cancel, since a score sees the positions only through {@code i − j}.
 *
 * @param rotary the rotation, null when off
 * @param offset the position of the first query row
 */
record RotarySettings(Rotary rotary, int offset) {
    static final String ROPE = "rope";
    static final String THETA = "rope-theta";
    static final String DIMS = "rope-dims";
    static final String LAYOUT = "rope-layout";
    static final String OFFSET = "rope-offset";
    static final RotarySettings OFF = new RotarySettings(null, 0);

    boolean on() {
        return rotary != null;
    }

    /** Projected queries {@code [batch…, n, heads·d_head]} rotated from position {@code offset}, or themselves when off. */
    Tensor queries(Tensor x, int heads) {
        return rotary == null ? x : rotary.apply(x, heads, offset);
    }

    /** Projected keys {@code [batch…, m, kvHeads·d_head]} rotated from position 0, or themselves when off. */
    Tensor keys(Tensor x, int heads) {
        return rotary == null ? x : rotary.apply(x, heads, 0);
    }

    /** The gradient of {@link #queries}' input from its output's (the rotation's transpose). */
    Tensor queriesBackward(Tensor dy, int heads) {
        return rotary == null ? dy : rotary.applyBackward(dy, heads, offset);
    }

    /** The gradient of {@link #keys}' input from its output's. */
    Tensor keysBackward(Tensor dy, int heads) {
        return rotary == null ? dy : rotary.applyBackward(dy, heads, 0);
    }

    static List<ParameterSpec> specs() {
        return List.of(
                ParameterSpec.booleanParam(ROPE).defaultValue(false)
                        .doc("rotary position embeddings (RoPE) on the projected queries and keys of every head"),
                ParameterSpec.doubleParam(THETA).defaultValue(10000.0).greaterThan(1)
                        .doc("RoPE base θ: pair p turns by position·θ^(−2p/rope-dims)"),
                ParameterSpec.intParam(DIMS).defaultValue(0).atLeast(0)
                        .doc("features rotated per head (even, ≤ d_head; the rest pass unchanged); 0 = all of d_head"),
                ParameterSpec.stringParam(LAYOUT).defaultValue("rotate-half").choices("rotate-half", "interleaved")
                        .doc("RoPE pairs: rotate-half (p, p + rope-dims/2) as Llama/Hugging Face,"
                                + " interleaved (2p, 2p + 1) as GPT-J"),
                ParameterSpec.intParam(OFFSET).defaultValue(0).atLeast(0)
                        .doc("RoPE position of the first query row (keys start at 0): m − n for queries that are the last n of m tokens"));
    }

    /**
     * The settings of {@code context} for heads of width {@code headDim}.
     *
     * @throws ConfigException ({@code rope-dims}) when odd, above d_head, or 0 with an odd d_head
     */
    static RotarySettings of(PluginContext context, int headDim) {
        if (!context.getBoolean(ROPE)) {
            return OFF;
        }
        int dims = context.getInt(DIMS);
        if (dims == 0 && (headDim % 2 != 0 || headDim < 2)) {
            throw new ConfigException(DIMS, "0 rotates the whole head, which needs an even head width, got " + headDim,
                    "set rope-dims to an even number ≤ " + headDim + " or choose an even head-dim");
        }
        if (dims % 2 != 0) {
            throw new ConfigException(DIMS, dims + " is odd", "choose an even number, since features rotate in pairs");
        }
        if (dims > headDim) {
            throw new ConfigException(DIMS, dims + " exceeds the head width " + headDim,
                    "choose an even number ≤ " + headDim + ", or 0 for the whole head");
        }
        Rotary.Layout layout = context.getString(LAYOUT).equals("interleaved")
                ? Rotary.Layout.INTERLEAVED : Rotary.Layout.ROTATE_HALF;
        return new RotarySettings(new Rotary(dims == 0 ? headDim : dims, context.getDouble(THETA), layout),
                context.getInt(OFFSET));
    }

    @Override
    public String toString() {
        return rotary == null ? "no rope" : "rope " + rotary.layout() + " " + rotary.dims() + " θ " + rotary.theta()
                + (offset == 0 ? "" : " from " + offset);
    }
}
