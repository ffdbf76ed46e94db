package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Distribution;
import dev.attention.api.Independence;
import dev.attention.api.InputSpec;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import java.util.List;
import java.util.Map;

/**
 * The skeleton of the variants that attend with their components over a mask of allowed
 * positions of their own (area, hard, local-m, MoChA, monotonic):
 * <pre>
 *   bind     queries, keys, values                      ({@link QkvBinding}, inputs as for global attention)
 *   pass     the keys and values attended (K', V'), the mask M of allowed (i, j),
 *            w = f(a(K', Q)) over M,  output_i = Σ_{j∈M_i} w_ij · V'_j,  plus named results
 *   forward  output, weights, then the pass's named results
 *   backward the pass again, {@link Attend#backward} through it, then the inputs' gradients
 * </pre>
 * A subclass says only what is its own: {@link #pass} (which positions count, how K' and V' are
 * formed, which distribution made the weights), and where needed how K'/V' gradients reach the inputs
 * ({@link #inputGradients}) or a path of its own ({@link #forward(QkvBinding, boolean)},
 * {@link #backward(QkvBinding, AttentionResult, ResultGradients)}). The learnables are the
 * components' ({@code alignment.*}, {@code distribution.*}). Immutable and thread-safe as long as the
 * subclass is.
 */
abstract class MaskedQkvVariant implements Variant {
    /** The variant as messages name it, e.g. {@code "hard attention"}. */
    private final String name;
    final Components components;

    MaskedQkvVariant(String name, Components components) {
        this.name = name;
        this.components = components;
    }

    /**
     * One pass of the variant over bound inputs: what forward returns and backward recomputes.
     *
     * @param keys the keys the alignment compared with the queries, {@code [batch…, m', d_k]}
     * @param values the values weighted, {@code [batch…, m', d_v]}, in any dtype (the raw input's,
     *     so the values' gradient keeps it)
     * @param mask the allowed (query, key) positions; others have weight 0 and are never read
     * @param distribution what made the weights from the scores (the configured one, or the
     *     variant's choice over it), differentiated by backward
     * @param forward scores {@code [batch…, n, m']}, weights, output {@code [batch…, n, d_v]}
     * @param named the variant's own results after output and weights, in order
     */
    record Pass(Tensor keys, Tensor values, Mask mask, Distribution distribution, Attend.Forward forward,
            Map<String, Tensor> named) {
    }

    /** Keys, values and mask this variant attends over for {@code in}, and the attention over them. */
    abstract Pass pass(QkvBinding in);

    /** A copy with {@code components} in place of this one's, all else equal. */
    abstract MaskedQkvVariant with(Components components);

    /**
     * What the variant's own choice of positions leaves independent (rows, batch entries); the
     * components' independence is added by {@link #independence()}.
     */
    abstract Independence ownIndependence();

    /** {@link #pass} with the configured components over {@code keys} and {@code values}. */
    final Pass attend(QkvBinding in, Tensor keys, Tensor values, Mask mask, Map<String, Tensor> named) {
        return new Pass(keys, values, mask, components.distribution(),
                components.forward(in.queries, keys, values, mask), named);
    }

    @Override
    public final List<InputSpec> inputs() {
        return QkvBinding.INPUTS;
    }

    /** Overridden only by variants with a training pass of their own (monotonic, MoChA). */
    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        return forward(QkvBinding.of(inputs), inputs.weightsWanted());
    }

    /** Output, weights, then the pass's named results; a variant with a faster path of its own overrides it. */
    AttentionResult forward(QkvBinding in, boolean weightsWanted) {
        Pass p = pass(in);
        return NamedResults.of(p.forward().output(), p.forward().weights(), p.named());
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        ResultGradients given = ResultGradients.check(name, result, resultGradients);
        return backward(QkvBinding.of(inputs), result, given);
    }

    /**
     * The pass recomputed and differentiated through its distribution and the alignment; its named
     * results are held constant (a gradient given for them contributes nothing).
     */
    VariantGradients backward(QkvBinding in, AttentionResult result, ResultGradients given) {
        Pass p = pass(in);
        Attend.Backward g = Attend.backward(components.alignment(), p.distribution(), in.queries, p.keys(),
                p.values(), p.mask(), p.forward(), given.output(), given.weights());
        return inputGradients(in, g);
    }

    /** The inputs' gradients from those of the pass's keys and values, which here are the inputs. */
    VariantGradients inputGradients(QkvBinding in, Attend.Backward g) {
        return QkvBinding.gradients(g);
    }

    @Override
    public final Parameters parameters() {
        return components.parameters();
    }

    @Override
    public final Variant withParameters(Parameters parameters) {
        Components c = components.withParameters(parameters, name);
        return c == components ? this : with(c);
    }

    @Override
    public final Independence independence() {
        return ownIndependence().and(components.alignment().independence().and(components.distribution().independence()));
    }
}
