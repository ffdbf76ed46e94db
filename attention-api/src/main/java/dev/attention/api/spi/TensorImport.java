package dev.attention.api.spi;

import dev.attention.api.ConfigException;
import dev.attention.api.DataException;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a variant takes the stored tensors of a file written by another library, e.g. a PyTorch
 * state dict saved as safetensors: a configuration names it as
 * {@code parameters: {file: f.safetensors, format: <format()>, prefix: …}}, and the engine looks the
 * format up among the {@link VariantProvider#imports()} of the pipeline's variant ({@code attention},
 * the engine's own qualified names, is built in and never an import's id).
 *
 * <p>The engine reads the file (safetensors only), refuses NaN and infinity in every tensor below the
 * prefix (naming file and tensor), and calls {@link #map}. The import maps by names only, never by
 * guessing from shapes, and strictly:
 * <ul>
 *   <li>a format of one module's state dict (e.g. {@code torch-mha}) refuses every tensor below
 *       {@code prefix} it does not know, or one the variant cannot represent, by name; a format of one
 *       layer of a whole checkpoint (e.g. {@code llama}), where the layer's LayerNorms and MLP share its
 *       prefix, takes the tensors it names and ignores the others, and says so in its description.
 *       Tensors not below the prefix, e.g. the rest of a model, are always ignored;</li>
 *   <li>a missing tensor, or one whose shape disagrees with the others of the file, is refused;</li>
 *   <li>the values are complete for the pipeline: when the pipeline has parameters the file has no
 *       values for (say learned biases the module was made without) the import refuses rather than
 *       leaving them at their random start.</li>
 * </ul>
 * The engine then checks each mapped tensor against the pipeline's parameter of that name and shape,
 * naming the stored tensor ({@link Imported#sources()}) and adding {@link #shapeHint()}, and converts
 * values to the pipeline's dtype.
 *
 * <p>Errors: {@link DataException} with the file as its file and {@code tensor '<stored name>': …} as
 * its message when the file is not what the format describes; {@link ConfigException} with key
 * {@code parameters} (no position: the engine places it) when the pipeline cannot take the file.
 * Implementations are stateless and thread-safe.
 */
public interface TensorImport {

    /**
     * The id a configuration writes as {@code format:}: lower-case words joined by {@code -}
     * (e.g. {@code torch-mha}); unique among one variant's imports and not {@code attention}.
     */
    String format();

    /**
     * One line for listings and messages: what the file holds and how it is written, e.g. the Python
     * line that saves it.
     */
    String description();

    /**
     * Added to the message when a mapped tensor's shape differs from the pipeline's parameter: which
     * dimension of the file must equal which setting or input width of the pipeline.
     */
    String shapeHint();

    /**
     * Maps the tensors of a file to qualified parameters of the pipeline
     * ({@code variant.W_q}, {@code alignment.W}, …).
     *
     * @param file     the file, for messages only
     * @param tensors  every tensor of the file by stored name, in its stored dtype
     * @param prefix   what precedes the format's own names (a module nested in a model, e.g.
     *                 {@code layers.0.self_attn.}), or empty
     * @param pipeline the pipeline's parameters: qualified names with their current values and shapes
     * @return the mapped parameters (a subset of the pipeline's names) and the stored tensor each came from
     * @throws DataException   naming the file and tensor for a file that is not what the format describes
     * @throws ConfigException (key {@code parameters}) when the pipeline cannot take the file
     */
    Imported map(Path file, Map<String, Tensor> tensors, String prefix, Parameters pipeline);

    /**
     * What {@link #map} gives.
     *
     * @param parameters qualified name → value, in the variant's own order
     * @param sources    qualified name → the stored tensor's full name in the file (with its prefix), for
     *                   messages; one entry per parameter
     */
    record Imported(Parameters parameters, Map<String, String> sources) {
        public Imported {
            Objects.requireNonNull(parameters, "parameters");
            sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
            if (!sources.keySet().equals(parameters.names())) {
                throw new IllegalArgumentException("sources " + sources.keySet() + " do not name exactly the parameters "
                        + parameters.names());
            }
        }
    }
}
