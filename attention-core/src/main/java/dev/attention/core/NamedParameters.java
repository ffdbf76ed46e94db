package dev.attention.core;

import dev.attention.api.ConfigException;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.UnknownName;
import dev.attention.assembly.config.ParametersSource;
import dev.attention.assembly.config.Position;
import dev.attention.io.tensor.FiniteValues;
import dev.attention.io.tensor.Safetensors;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A config's name map, {@code parameters: {file, names: {variant.W_q: q_proj.weight, …}, prefix, partial}}:
 * each named pipeline parameter takes the stored tensor {@code prefix + name}; every other tensor of the
 * file is ignored, as a checkpoint holds a whole model. No parameter name is known here: the keys are
 * checked against the pipeline's parameters.
 *
 * <p>Strict by default: a parameter the map leaves out would silently keep its random start, so it is
 * refused unless {@code partial: true}. Each problem is one line at the map's entry: a key that is not a
 * parameter (with the nearest), a tensor not in the file (with the nearest), a shape other than the
 * parameter's (a 1-d stored vector fills a {@code [1, n]} or {@code [n, 1]} parameter of n values), a
 * non-finite value. Values are converted to the pipeline's dtype (float16 and bfloat16 were widened by
 * the reader).
 */
final class NamedParameters {
    private static final String KEY = "parameters.names";

    private NamedParameters() {
    }

    static Pipeline apply(ParametersSource source, Pipeline p) {
        String shown = source.file().toString();
        String fileName = source.file().getFileName().toString();
        if (!fileName.toLowerCase(Locale.ROOT).endsWith(Safetensors.EXTENSION)) {
            throw at(source.position(), "parameters", shown + ": names reads a " + Safetensors.EXTENSION
                    + " file, got '" + fileName + "'", "convert the checkpoint to safetensors");
        }
        Map<String, Tensor> stored = new CheckpointTensors(source.file());
        Map<String, Tensor> expected = p.parameters().asMap();
        Map<String, Tensor> values = new LinkedHashMap<>();
        source.names().forEach((name, named) -> {
            Position pos = named.position();
            Tensor current = expected.get(name);
            if (current == null) {
                throw at(pos, KEY + "." + name, "'" + name + "' is not a parameter of " + p.describe(),
                        UnknownName.didYouMean(name, expected.keySet()) + "it has " + (expected.isEmpty() ? "none"
                                : String.join(", ", new TreeSet<>(expected.keySet()))));
            }
            String tensor = source.prefix() + named.tensor();
            Tensor t = stored.get(tensor);
            if (t == null) {
                throw at(pos, KEY + "." + name, shown + " has no tensor '" + tensor + "'"
                        + (source.prefix().isEmpty() ? "" : " (prefix '" + source.prefix() + "')"),
                        UnknownName.nearest(tensor, stored.keySet()).map(n -> "did you mean '" + n + "'?")
                                .orElse("the file has " + stored.size() + " tensors, none of a similar name"));
            }
            FiniteValues.check(shown, tensor, t);
            values.put(name, fitted(pos, name, tensor, t, current).to(p.dtype()));
        });
        List<String> unnamed = expected.keySet().stream().filter(n -> !values.containsKey(n)).sorted().toList();
        if (!unnamed.isEmpty() && !source.partial()) {
            throw at(source.position(), KEY, "names gives no tensor for " + String.join(", ", unnamed) + " of "
                    + p.describe() + ", whose values would stay random", "name them, turn them off as multi-head's"
                            + " bias: false does, or set partial: true to keep their current values");
        }
        try {
            return p.withParameters(Parameters.of(values));
        } catch (RuntimeException e) {
            throw at(source.position(), "parameters", shown + " does not fit " + p.describe() + ": " + e.getMessage(),
                    null);
        }
    }

    /** The stored tensor in the parameter's shape: equal, or a vector of the same length. */
    private static Tensor fitted(Position pos, String name, String tensor, Tensor t, Tensor current) {
        if (Arrays.equals(t.shape(), current.shape())) {
            return t;
        }
        if (vector(t) && vector(current) && t.size() == current.size()) {
            return t.reshape(current.shape());
        }
        boolean transposed = t.rank() == 2 && current.rank() == 2 && t.rows() == current.cols()
                && t.cols() == current.rows();
        throw at(pos, KEY + "." + name, "tensor '" + tensor + "' is " + ShapeException.format(t.shape()) + " but "
                + name + " is " + ShapeException.format(current.shape()), transposed
                        ? "the stored matrix is the transpose; parameters are [out, in], as nn.Linear.weight"
                        : "set the pipeline's widths and heads to the model's, or name another tensor");
    }

    private static boolean vector(Tensor t) {
        return t.rank() == 2 && (t.rows() == 1 || t.cols() == 1);
    }

    private static ConfigException at(Position pos, String key, String problem, String hint) {
        return new ConfigException(pos.file(), pos.line(), pos.column(), key, problem, hint);
    }
}
