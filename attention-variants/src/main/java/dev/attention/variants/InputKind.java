package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.api.InputSpec;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import dev.attention.api.spi.ParameterSpec;
import dev.attention.api.spi.PluginContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code inputs: self|cross} parameter of the variants that work on either shape of input
 * (multi-head, multidimensional): one {@code sequence} that gives queries, keys and values, or
 * {@code queries}, {@code keys}, {@code values} as {@code cross} takes them. Reads the inputs and
 * their padding, and routes the operands' gradients back to the inputs.
 */
enum InputKind {
    SELF, CROSS;

    static final String PARAMETER = "inputs";

    /** The inputs as operands: queries, keys and values (in the queries' dtype) and padding. */
    record Sources(Tensor queries, Tensor keys, Tensor values, Tensor rawValues, Mask padding,
            Optional<int[]> queryLengths) {

        /** True when query row {@code i} of batch element {@code b} is padding. */
        boolean paddedQuery(int b, int i) {
            return queryLengths.isPresent() && i >= queryLengths.get()[b];
        }
    }

    /** The widths of the queries', keys' and values' inputs (one and the same input for self). */
    record Widths(int queries, int keys, int values) {
    }

    static ParameterSpec spec() {
        return ParameterSpec.stringParam(PARAMETER).defaultValue("self").choices("self", "cross")
                .doc("self: one input 'sequence' gives queries, keys and values; cross: inputs 'queries', 'keys', 'values'");
    }

    static InputKind of(PluginContext context) {
        return valueOf(context.getString(PARAMETER).toUpperCase(Locale.ROOT));
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The names of the queries', keys' and values' inputs. */
    String queriesName() {
        return this == SELF ? SelfVariant.SEQUENCE : QkvBinding.QUERIES;
    }

    String keysName() {
        return this == SELF ? SelfVariant.SEQUENCE : QkvBinding.KEYS;
    }

    String valuesName() {
        return this == SELF ? SelfVariant.SEQUENCE : QkvBinding.VALUES;
    }

    /**
     * The inputs' widths, queries first.
     *
     * @throws dev.attention.api.ConfigException (no key) when an input's width is unknown
     */
    Widths widths(PluginContext context) {
        return new Widths(context.requireWidth(queriesName()), context.requireWidth(keysName()),
                context.requireWidth(valuesName()));
    }

    List<InputSpec> specs() {
        return this == SELF
                ? List.of(InputSpec.required(SelfVariant.SEQUENCE,
                        "[batch…, n, d] one row per position; it gives queries, keys and values; lengths mark padding"))
                : QkvBinding.INPUTS;
    }

    Sources read(AttentionInputs inputs) {
        if (this == SELF) {
            Tensor x = inputs.tensor(SelfVariant.SEQUENCE);
            Optional<int[]> lengths = inputs.lengths(SelfVariant.SEQUENCE);
            return new Sources(x, x, x, x, PositionMasks.padding(lengths, lengths), lengths);
        }
        QkvBinding in = QkvBinding.of(inputs);
        return new Sources(in.queries, in.keys, in.values, in.rawValues, in.padding, inputs.lengths(QkvBinding.QUERIES));
    }

    /**
     * The inputs' gradients from the operands': self sums the three paths into {@code sequence};
     * cross keeps the values' gradient in the raw values' dtype.
     */
    Map<String, Tensor> gradients(Sources s, Tensor dQueries, Tensor dKeys, Tensor dValues) {
        if (this == SELF) {
            return Map.of(SelfVariant.SEQUENCE, TensorSums.sum(dQueries, dKeys, dValues).to(s.queries().dtype()));
        }
        return Map.of(QkvBinding.QUERIES, dQueries, QkvBinding.KEYS, dKeys, QkvBinding.VALUES,
                dValues.to(s.rawValues().dtype()));
    }
}
