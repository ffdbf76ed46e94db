package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Independence;
import dev.attention.api.InputSpec;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.api.VariantGradients;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Hierarchical attention (Yang et al. 2016): a stack of attention-pooling levels over nested input.
 * For {@code sequence [D, S, T, d]} (documents of sentences of tokens) with two levels:
 * <pre>
 *   level 1: each sentence's T tokens pooled into one row   weights_level1 [D, S, 1, T] → [D, S, d]
 *   level 2: each document's S sentence rows pooled          weights        [D, 1, S]    → output [D, 1, d]
 * </pre>
 * Level {@code k} is a {@link PoolingVariant} with its own alignment, distribution, context vector
 * {@code u} and (with {@code hidden > 0}) key map {@code tanh(W h + b)}. In general the input is
 * {@code [batch…, U_L, …, U_2, T, d]} with rank ≥ L + 1; level {@code k} pools the axis
 * {@code rank − 1 − k}, masking with {@code lengths("sequence", k)} when given. A unit with no real
 * rows (a padded sentence) gets zero weights and a zero summary, which the next level masks anyway.
 * Results: {@code output [batch…, 1, d]}, {@code weights} of the top level, and
 * {@code weights_level<k>} for every lower level. Parameters: {@code variant.level<k>.u} (and
 * {@code .W}, {@code .b}), then {@code alignment.level<k>.*}, then {@code distribution.level<k>.*}.
 * Immutable and thread-safe.
 */
final class MultilevelVariant implements Variant {
    static final String HIDDEN = "hidden";
    static final int DEFAULT_LEVELS = 2;
    static final String SEQUENCE = PoolingVariant.SEQUENCE;

    private static final List<InputSpec> INPUTS = List.of(InputSpec.required(SEQUENCE,
            "[batch…, U_L, …, U_2, T, d] nested rows, e.g. [documents, sentences, tokens, d];"
                    + " lengths per level mark padding"));

    private final List<Variant> levels;

    MultilevelVariant(List<Variant> levels) {
        this.levels = List.copyOf(levels);
    }

    static String weightsName(int level) {
        return "weights_level" + level;
    }

    @Override
    public List<InputSpec> inputs() {
        return INPUTS;
    }

    /** One level's pooling run: its flattened input and result, and the shapes to restore. */
    private record Step(AttentionInputs inputs, AttentionResult result, int[] inputShape, int[] outputShape,
            int[] weightsShape) {
    }

    private List<Step> steps(AttentionInputs inputs) {
        Tensor x = inputs.tensor(SEQUENCE);
        int depth = levels.size();
        if (x.rank() < depth + 1) {
            throw new ShapeException("multilevel attention with " + depth + " levels needs a sequence of rank ≥ "
                    + (depth + 1) + " ([…, U_" + depth + ", …, T, d]), got " + ShapeException.format(x.shape()));
        }
        List<Step> steps = new ArrayList<>();
        Tensor current = x;
        for (int k = 1; k <= depth; k++) {
            int[] shape = current.shape();
            int units = shape[shape.length - 2];
            int d = shape[shape.length - 1];
            int[] outer = Arrays.copyOf(shape, shape.length - 2);
            int groups = current.batchSize();
            Tensor view = current.reshape(groups, units, d);
            Optional<int[]> lengths = inputs.lengths(SEQUENCE, k);
            AttentionInputs.Builder b = AttentionInputs.builder().mode(inputs.mode());
            if (lengths.isPresent()) {
                b.put(SEQUENCE, view, lengths.get());
            } else {
                b.put(SEQUENCE, view);
            }
            AttentionInputs in = b.build();
            AttentionResult r = levels.get(k - 1).forward(in);
            boolean top = k == depth;
            int[] out = top ? append(outer, 1, d) : append(outer, d);
            steps.add(new Step(in, r, shape, out, append(outer, 1, units)));
            current = r.output().reshape(out);
        }
        return steps;
    }

    @Override
    public AttentionResult forward(AttentionInputs inputs) {
        List<Step> steps = steps(inputs);
        Map<String, Tensor> out = new LinkedHashMap<>();
        Step top = steps.get(steps.size() - 1);
        out.put(AttentionResult.OUTPUT, top.result().output().reshape(top.outputShape()));
        out.put(AttentionResult.WEIGHTS, top.result().get(AttentionResult.WEIGHTS).reshape(top.weightsShape()));
        for (int k = 1; k < steps.size(); k++) {
            Step s = steps.get(k - 1);
            out.put(weightsName(k), s.result().get(AttentionResult.WEIGHTS).reshape(s.weightsShape()));
        }
        return AttentionResult.of(out);
    }

    @Override
    public VariantGradients backward(AttentionInputs inputs, AttentionResult result,
            Map<String, Tensor> resultGradients) {
        ResultGradients.check("multilevel attention", result, resultGradients);
        List<Step> steps = steps(inputs);
        int depth = steps.size();
        Tensor dCurrent = resultGradients.get(AttentionResult.OUTPUT);
        List<Parameters> perLevel = new ArrayList<>();
        for (int k = depth; k >= 1; k--) {
            Step s = steps.get(k - 1);
            Map<String, Tensor> g = new LinkedHashMap<>();
            int groups = s.inputs().tensor(SEQUENCE).batchSize();
            int[] flatOut = s.result().output().shape();
            if (dCurrent != null) {
                g.put(AttentionResult.OUTPUT, dCurrent.reshape(flatOut));
            }
            Tensor dw = resultGradients.get(k == depth ? AttentionResult.WEIGHTS : weightsName(k));
            if (dw != null) {
                g.put(AttentionResult.WEIGHTS, dw.reshape(groups, 1, s.inputShape()[s.inputShape().length - 2]));
            }
            VariantGradients vg = levels.get(k - 1).backward(s.inputs(), s.result(), g);
            dCurrent = vg.inputs().get(SEQUENCE).reshape(s.inputShape());
            perLevel.add(0, vg.parameters());
        }
        return new VariantGradients(Map.of(SEQUENCE, dCurrent.to(inputs.tensor(SEQUENCE).dtype())), qualify(perLevel));
    }

    @Override
    public Parameters parameters() {
        List<Parameters> perLevel = new ArrayList<>();
        for (Variant v : levels) {
            perLevel.add(v.parameters());
        }
        return qualify(perLevel);
    }

    @Override
    public Variant withParameters(Parameters parameters) {
        if (parameters.isEmpty()) {
            return this;
        }
        QualifiedParameters.requireKnown("multilevel attention", parameters(), parameters);
        List<Variant> out = new ArrayList<>();
        for (int k = 1; k <= levels.size(); k++) {
            Map<String, Tensor> mine = new LinkedHashMap<>();
            String tag = ".level" + k + ".";
            parameters.asMap().forEach((name, t) -> {
                int dot = name.indexOf('.');
                if (name.startsWith(tag, dot)) {
                    mine.put(name.substring(0, dot) + "." + name.substring(dot + tag.length()), t);
                }
            });
            out.add(levels.get(k - 1).withParameters(Parameters.of(mine)));
        }
        return new MultilevelVariant(out);
    }

    @Override
    public String toString() {
        return "MultilevelVariant" + levels;
    }

    /**
     * {@code <component>.<name>} of level {@code k} as {@code <component>.level<k>.<name>}, grouped
     * by component (variant, alignment, distribution) and then by level.
     */
    private static Parameters qualify(List<Parameters> perLevel) {
        Parameters out = Parameters.empty();
        for (String component : List.of(QualifiedParameters.VARIANT, QualifiedParameters.ALIGNMENT,
                QualifiedParameters.DISTRIBUTION)) {
            for (int k = 1; k <= perLevel.size(); k++) {
                out = out.concat(perLevel.get(k - 1).withoutPrefix(component).prefixed(component + ".level" + k));
            }
        }
        return out;
    }

    private static int[] append(int[] head, int... tail) {
        int[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    /** Each document is one batch entry: batch entries independent, as far as every level's variant is. */
    @Override
    public Independence independence() {
        Independence all = Independence.BATCH_ENTRIES;
        for (Variant level : levels) {
            all = all.and(new Independence(false, level.independence().batchEntries()));
        }
        return all;
    }

    // What VariantsPlugin registers: the parameters and the factory.
    static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.intParam(HIDDEN).defaultValue(0).atLeast(0)
                    .doc("per level: width of the keys tanh(W h + b), W [hidden, d]; 0 = the rows themselves are the keys"));

    /**
     * Level {@code k} draws {@code u} and then {@code W} Xavier-uniform from the stream
     * {@code "level<k>"}, so levels start different even when configured alike; {@code b} starts at 0.
     */
    static Variant create(PluginContext context) {
        int d = context.requireWidth(MultilevelVariant.SEQUENCE);
        List<PluginContext> contexts = context.levels().isEmpty()
                ? java.util.Collections.nCopies(DEFAULT_LEVELS, context) : context.levels();
        List<Variant> levels = new ArrayList<>();
        for (int k = 1; k <= contexts.size(); k++) {
            PluginContext level = contexts.get(k - 1);
            int hidden = level.getInt(HIDDEN);
            int width = hidden > 0 ? hidden : d;
            Random random = level.random("level" + k);
            Tensor u = LinearMaps.xavierUniform(random, level.dtype(), 1, width);
            PoolingVariant.Keys keys = hidden > 0 ? new PoolingVariant.Keys(
                    LinearMaps.xavierUniform(random, level.dtype(), hidden, d), Tensor.zeros(level.dtype(), 1, hidden))
                    : null;
            levels.add(new PoolingVariant(level.alignment(width, width), level.distribution(), u, keys, level.kernel()));
        }
        return new MultilevelVariant(levels);
    }
}
