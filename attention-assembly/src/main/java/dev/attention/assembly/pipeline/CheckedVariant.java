package dev.attention.assembly.pipeline;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Independence;
import dev.attention.api.InputSpec;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.TokenDecoder;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A variant whose results are checked for finiteness (see {@link PluginFault}). */
record CheckedVariant(Variant variant, PluginFault check) implements Variant {

    @Override
    public List<InputSpec> inputs() {
        return variant.inputs();
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        AttentionResult r = check.call(() -> variant.forward(inputs));
        r.asMap().forEach((name, t) -> check.finite("'" + name + "'", t));
        return r;
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        return check.call(() -> variant.backward(inputs, result, resultGradients));
    }

    @Override
    public Independence independence() {
        return variant.independence();
    }

    @Override
    public boolean tilesScores() {
        return variant.tilesScores();
    }

    @Override
    public boolean honoursMasks() {
        return variant.honoursMasks();
    }

    /** The variant's decoder, its steps run and checked as {@link #forward} is. */
    @Override
    public Optional<TokenDecoder> decoder() {
        return check.call(variant::decoder).map(d -> new CheckedDecoder(d, check));
    }

    @Override
    public Parameters parameters() {
        return variant.parameters();
    }

    @Override
    public Variant withParameters(Parameters parameters) {
        return new CheckedVariant(check.call(() -> variant.withParameters(parameters)), check);
    }
}
