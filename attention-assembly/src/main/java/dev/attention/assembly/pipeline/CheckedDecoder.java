package dev.attention.assembly.pipeline;

import dev.attention.api.Tensor;
import dev.attention.api.TokenDecoder;

/** A variant's decoder whose steps run in the plugin's context and are checked for finiteness (see {@link PluginFault}). */
record CheckedDecoder(TokenDecoder decoder, PluginFault check) implements TokenDecoder {

    @Override
    public Tensor step(Tensor token) {
        Tensor y = check.call(() -> decoder.step(token));
        check.finite("a decoded token's output", y);
        return y;
    }

    @Override
    public int cachedTokens() {
        return decoder.cachedTokens();
    }

    @Override
    public int keyWidth() {
        return decoder.keyWidth();
    }

    @Override
    public int valueWidth() {
        return decoder.valueWidth();
    }
}
