package dev.attention.assembly.pipeline;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Independence;
import dev.attention.api.InputSpec;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.api.TokenDecoder;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A variant with its components, element type and seed. Immutable; see {@link Pipeline}. */
final class AssembledPipeline implements Pipeline {
    private final String name;
    private final DType dtype;
    private final String describe;
    private final Variant variant;
    private final boolean weights;

    /** @param weights whether results carry the weights; false tells the variant they are not wanted */
    AssembledPipeline(String name, DType dtype, String describe, Variant variant, boolean weights) {
        this.name = name;
        this.dtype = dtype;
        this.describe = describe;
        this.variant = variant;
        this.weights = weights;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public List<InputSpec> inputs() {
        return variant.inputs();
    }

    @Override
    public AttentionResult run(AttentionInputs inputs) {
        // The factory wraps the variant in a CheckedVariant, which has already refused a non-finite
        // result (naming the plugin): scanning again here would only repeat that pass.
        return forward(converted(inputs));
    }

    /**
     * The variant's forward pass on inputs already {@link #converted}; without weights the variant
     * is told they are not wanted, and weights it returns anyway are dropped, so every path returns
     * the same tensors.
     */
    AttentionResult forward(AttentionInputs converted) {
        if (weights) {
            return variant.forward(converted);
        }
        AttentionResult r = variant.forward(converted.weightsWanted() ? converted.withWeightsWanted(false) : converted);
        return r.without(AttentionResult.WEIGHTS);
    }

    @Override
    public Independence independence() {
        return variant.independence();
    }

    @Override
    public Optional<TokenDecoder> decoder() {
        return variant.decoder();
    }

    /** The variant, for paths that run it on parts of the inputs. */
    Variant variant() {
        return variant;
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result, Map<String, Tensor> gradients) {
        return variant.backward(converted(inputs), result, gradients);
    }

    @Override
    public boolean honoursMasks() {
        return variant.honoursMasks();
    }

    @Override
    public Parameters parameters() {
        return variant.parameters();
    }

    @Override
    public AssembledPipeline withParameters(Parameters parameters) {
        return new AssembledPipeline(name, dtype, describe, variant.withParameters(parameters), weights);
    }

    /** Checks names against the variant's declared inputs and converts to this pipeline's dtype. */
    AttentionInputs converted(AttentionInputs inputs) {
        Set<String> accepted = variant.inputs().stream().map(InputSpec::name).collect(Collectors.toSet());
        for (String given : inputs.names()) {
            if (!accepted.contains(given)) {
                throw new AttentionException("input '" + given + "' is not taken by " + describe + "; it takes "
                        + String.join(", ", new TreeSet<>(accepted)));
            }
        }
        for (InputSpec spec : variant.inputs()) {
            if (spec.required() && !inputs.has(spec.name())) {
                throw new AttentionException(describe + " needs input '" + spec.name() + "': " + spec.doc());
            }
        }
        if (inputs.hasDataMasks() && !variant.honoursMasks()) {
            throw new AttentionException(describe + " does not honour a key mask, a score bias or segments"
                    + " (key_padding_mask, attention_mask, attn_mask, segments, cu_seqlens); give"
                    + " key_lengths/query_lengths, or use a variant that honours masks");
        }
        AttentionInputs out = inputs;
        Optional<Tensor> bias = inputs.scoreBias();
        if (bias.isPresent() && bias.get().dtype() != dtype) {
            out = out.toBuilder().scoreBias(bias.get().to(dtype)).build();
        }
        for (String n : inputs.names()) {
            Tensor t = inputs.tensor(n);
            if (t.dtype() != dtype) {
                out = out.with(n, t.to(dtype));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "Pipeline[" + name + ": " + describe + ", " + dtype.id() + "]";
    }
}
