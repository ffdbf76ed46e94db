package dev.attention.io.tensor;

import dev.attention.api.AttentionException;
import dev.attention.api.DataException;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A pipeline's learned parameters as a safetensors file, so they can be saved after fitting,
 * loaded for a run, and opened from Python ({@code safetensors.numpy.load_file}).
 *
 * <p>Names are the engine's qualified names {@code <component>.<name>} ({@code alignment.W_q},
 * {@code variant.u}, {@code head.weight}); tensors keep their shape, so matrices are stored
 * {@code [out, in]} as PyTorch's {@code nn.Linear.weight} is, and their dtype (float32 as F32,
 * float64 as F64). The metadata records {@code "format": "attention"}. Writes are atomic: a
 * reader sees the old file or the new one, never a mix. Reading a file made elsewhere follows the
 * package's shape rule: a 1-d tensor (a PyTorch bias {@code [out]}) loads as the column
 * {@code [out, 1]}, so the caller reshapes it to the parameter's declared shape.
 */
public final class ParameterFiles {
    /** {@code __metadata__["format"]} of files written here. */
    public static final String FORMAT = "attention";
    private static final Pattern QUALIFIED = Pattern.compile("[^.\\s]+(\\.[^.\\s]+)+");

    private ParameterFiles() {
    }

    /** Writes {@code parameters}, replacing {@code file} atomically. */
    public static void write(Path file, Parameters parameters) {
        write(file, parameters, Map.of());
    }

    /**
     * Writes {@code parameters} with extra metadata (e.g. the config it was fitted from).
     *
     * @throws AttentionException for a name that is not {@code <component>.<name>}, a non-finite
     *                            value, or a file that cannot be written (nothing is written)
     */
    public static void write(Path file, Parameters parameters, Map<String, String> metadata) {
        Safetensors.write(file, parameters.asMap(), checked(parameters, metadata));
    }

    /**
     * Writes the same bytes to a stream, for a caller that writes several files as one set.
     *
     * @throws AttentionException for a name that is not {@code <component>.<name>} or a non-finite value
     */
    public static void write(OutputStream out, Parameters parameters, Map<String, String> metadata)
            throws IOException {
        Safetensors.write(out, parameters.asMap(), checked(parameters, metadata));
    }

    /** The metadata to write, once every name and value has been checked. */
    private static Map<String, String> checked(Parameters parameters, Map<String, String> metadata) {
        parameters.asMap().forEach((name, t) -> {
            if (!QUALIFIED.matcher(name).matches()) {
                throw new AttentionException("cannot save parameter '" + name + "': names are <component>.<name>,"
                        + " e.g. alignment.W (use Parameters.prefixed)");
            }
            for (int k = 0, n = t.size(); k < n; k++) {
                if (!Double.isFinite(t.at(k))) {
                    throw new AttentionException("cannot save parameter '" + name + "': element " + k + " is "
                            + t.at(k) + " (did fitting diverge?)");
                }
            }
        });
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("format", FORMAT);
        return meta;
    }

    /**
     * Reads every tensor as a parameter, sorted by name.
     *
     * @throws DataException naming the file and tensor for a corrupt file, a name that is not
     *                       {@code <component>.<name>}, or a non-finite value
     */
    public static Parameters read(Path file) {
        TensorBundle bundle = Safetensors.read(file);
        Map<String, Tensor> sorted = new TreeMap<>();
        bundle.tensors().forEach((name, t) -> {
            if (!QUALIFIED.matcher(name).matches()) {
                throw Problems.inTensor(file.toString(), name, "not a parameter name; expected <component>.<name>,"
                        + " e.g. alignment.W");
            }
            FiniteValues.check(file.toString(), name, t);
            sorted.put(name, t);
        });
        return Parameters.of(sorted);
    }
}
