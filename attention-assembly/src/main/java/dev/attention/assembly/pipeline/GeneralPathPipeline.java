package dev.attention.assembly.pipeline;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Independence;
import dev.attention.api.InputSpec;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.api.TokenDecoder;
import dev.attention.api.VariantGradients;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pipeline that runs forward its own way (fused kernel, query blocks) and is the general
 * pipeline in everything else: name, dtype, description, inputs, backward and parameters are
 * {@link #general}'s, so the paths cannot drift apart. One level only: subclasses add
 * {@link #run} and say how to rebuild themselves around new parameters.
 */
abstract class GeneralPathPipeline implements Pipeline {
    /** The plugins' pipeline: input checks and conversion, finiteness check, backward. */
    final AssembledPipeline general;

    GeneralPathPipeline(AssembledPipeline general) {
        this.general = general;
    }

    /** This path again, around {@code general} (which carries new parameters). */
    abstract Pipeline around(AssembledPipeline general);

    @Override
    public final String name() {
        return general.name();
    }

    @Override
    public final DType dtype() {
        return general.dtype();
    }

    @Override
    public final String describe() {
        return general.describe();
    }

    @Override
    public final List<InputSpec> inputs() {
        return general.inputs();
    }

    /** The general path's backward pass: it recomputes what it needs from the inputs. */
    @Override
    public final VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> gradients) {
        return general.backward(inputs, result, gradients);
    }

    @Override
    public final Independence independence() {
        return general.independence();
    }

    @Override
    public final boolean honoursMasks() {
        return general.honoursMasks();
    }

    @Override
    public final Optional<TokenDecoder> decoder() {
        return general.decoder();
    }

    @Override
    public final Parameters parameters() {
        return general.parameters();
    }

    @Override
    public final Pipeline withParameters(Parameters parameters) {
        return around(general.withParameters(parameters));
    }
}
