package dev.attention.variants;

import dev.attention.api.ConfigException;
import dev.attention.api.DataException;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.spi.TensorImport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the presets of real checkpoints ({@code llama}, {@code bert}) share: a table of stored names
 * (below the prefix) for multi-head's parameters, taken one to one. Unlike {@code torch-mha} a preset
 * takes only the tensors it names and ignores every other tensor of the file, since a checkpoint holds
 * the whole model (LayerNorms, MLPs, every other layer). Matrices are {@code [out, in]} on both sides;
 * a 1-d bias (read as a column {@code [n, 1]}) becomes the row {@code [1, n]}.
 *
 * <p>Checks, each one line naming the stored tensor or the setting: a missing tensor (with the prefix to
 * set when the name occurs elsewhere in the file), a matrix where a vector belongs or the reverse, the
 * file's own shapes disagreeing ({@link #checkFile}), and the pipeline having parameters the preset does
 * not fill (their values would stay random) or lacking ones it does.
 */
abstract class PresetLayerImport implements TensorImport {
    static final String KEY = "parameters";

    /** Stored name below the prefix → multi-head's own name ({@code W_q}, {@code b_o}, …), in the variant's order. */
    abstract Map<String, String> table();

    /** The family's name in messages, e.g. {@code Llama}. */
    abstract String family();

    /** Said when the pipeline's parameters are not those the preset fills: which settings make them so. */
    abstract String settingsHint();

    /**
     * The family's shape rules over the stored tensors (by multi-head's own names, biases as rows) and
     * against the pipeline's, with messages in the family's terms. The engine still checks every shape.
     */
    abstract void checkFile(String file, String prefix, Map<String, Tensor> byOwnName, Parameters pipeline);

    @Override
    public Imported map(Path file, Map<String, Tensor> tensors, String prefix, Parameters pipeline) {
        String shown = file.toString();
        Map<String, Tensor> byOwn = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        table().forEach((stored, own) -> {
            String name = prefix + stored;
            Tensor t = tensors.get(name);
            if (t == null) {
                throw missing(shown, tensors.keySet(), prefix, stored);
            }
            boolean bias = own.startsWith("b_");
            if (t.rank() != 2 || (bias && t.rows() != 1 && t.cols() != 1)) {
                throw inTensor(shown, name, "shape " + shape(t) + " is not " + (bias ? "a vector [n]" : "a matrix"
                        + " [out, in]"));
            }
            byOwn.put(own, bias ? t.reshape(1, t.size()) : t);
            sources.put(qualified(own), name);
        });
        requireFits(shown, pipeline);
        checkFile(shown, prefix, byOwn, pipeline);
        Map<String, Tensor> out = new LinkedHashMap<>();
        byOwn.forEach((own, t) -> out.put(qualified(own), t));
        return new Imported(Parameters.of(out), sources);
    }

    /** The pipeline must have exactly the parameters the preset fills, or some values would silently stay random. */
    private void requireFits(String file, Parameters pipeline) {
        Set<String> filled = new TreeSet<>();
        table().values().forEach(n -> filled.add(qualified(n)));
        List<String> lacking = filled.stream().filter(n -> !pipeline.names().contains(n)).toList();
        if (!lacking.isEmpty()) {
            throw new ConfigException(KEY, file + ": format " + format() + " gives " + String.join(", ", lacking)
                    + " but the pipeline has no such parameter", settingsHint());
        }
        List<String> unfilled = pipeline.names().stream().filter(n -> !filled.contains(n)).sorted().toList();
        if (!unfilled.isEmpty()) {
            throw new ConfigException(KEY, file + ": a " + family() + " layer has no values for the pipeline's "
                    + String.join(", ", unfilled), settingsHint());
        }
    }

    /** A missing tensor; when its name occurs under another prefix, that prefix is the hint. */
    private DataException missing(String file, Set<String> names, String prefix, String stored) {
        List<String> elsewhere = names.stream().filter(n -> n.endsWith("." + stored) || n.equals(stored))
                .sorted().toList();
        String hint;
        if (elsewhere.isEmpty()) {
            hint = "; not a " + family() + " checkpoint (format " + format() + " reads " + String.join(", ",
                    table().keySet().stream().map(n -> "{prefix}" + n).toList()) + ")";
        } else {
            String first = elsewhere.get(0);
            hint = "; the file has " + first + (elsewhere.size() > 1 ? " (and " + (elsewhere.size() - 1) + " more)"
                    : "") + ": set prefix: " + first.substring(0, first.length() - stored.length());
        }
        return new DataException(file, 0, null, "no tensor '" + prefix + stored + "'"
                + (prefix.isEmpty() ? "" : " (prefix '" + prefix + "')") + hint);
    }

    /** Pairs of stored name and own name, kept in the order given (the variant's). */
    static Map<String, String> pairs(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    static String qualified(String own) {
        return QualifiedParameters.VARIANT + "." + own;
    }

    static DataException inTensor(String file, String tensor, String message) {
        return new DataException(file, 0, null, "tensor '" + tensor + "': " + message);
    }

    static String shape(Tensor t) {
        List<String> dims = new ArrayList<>();
        for (int d : t.shape()) {
            dims.add(Integer.toString(d));
        }
        return "[" + String.join(", ", dims) + "]";
    }
}
