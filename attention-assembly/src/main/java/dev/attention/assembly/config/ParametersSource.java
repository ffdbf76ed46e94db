package dev.attention.assembly.config;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The {@code parameters:} key: stored values that replace the pipeline's, either as a file name
 * ({@code parameters: fitted/parameters.safetensors}) or as
 * {@code {file: mha.safetensors, format: torch-mha, prefix: encoder.self_attn.}}, or a map of the
 * pipeline's names to the file's, {@code {file: model.safetensors, names: {variant.W_q: q_proj.weight, …},
 * prefix: model.layers.0.self_attn., partial: false}}.
 *
 * @param file     resolved against the config's folder
 * @param format   how the file's tensors are named: {@link #ATTENTION}, or the id of an import the
 *                 pipeline's variant offers ({@code VariantProvider.imports()}), resolved with the pipeline
 * @param prefix   for an import format or a name map: what precedes the stored names in the file (a
 *                 module nested in a model), or empty
 * @param names    the name map: a pipeline parameter ({@code variant.W_q}) → the stored tensor's name
 *                 (after the prefix) and where it was written, in the order written; empty without one
 *                 (then the format's names apply)
 * @param partial  with a name map: whether parameters it does not name may keep their values
 * @param position where the key was written
 * @param formatAt where {@code format:} was written ({@code position} when it was not)
 * @param prefixAt where {@code prefix:} was written ({@code position} when it was not)
 */
@API(status = MAINTAINED)
public record ParametersSource(Path file, String format, String prefix, Map<String, Named> names, boolean partial,
        Position position, Position formatAt, Position prefixAt) {
    /** The engine's own qualified names, as {@code attention fit} writes them. */
    public static final String ATTENTION = "attention";

    public ParametersSource {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(prefix, "prefix");
        names = Collections.unmodifiableMap(new LinkedHashMap<>(names));
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(formatAt, "formatAt");
        Objects.requireNonNull(prefixAt, "prefixAt");
    }

    /**
     * A stored tensor a name map names.
     *
     * @param tensor   its name in the file, without the prefix
     * @param position where the entry was written
     */
    @API(status = MAINTAINED)
    public record Named(String tensor, Position position) {
        public Named {
            Objects.requireNonNull(tensor, "tensor");
            Objects.requireNonNull(position, "position");
        }
    }

    /** A file of {@code format} (no name map), errors placed at the keys written. */
    public ParametersSource(Path file, String format, String prefix, Position position, Position formatAt,
            Position prefixAt) {
        this(file, format, prefix, Map.of(), false, position, formatAt, prefixAt);
    }

    /** A file of {@code format} with every error placed at the key. */
    public ParametersSource(Path file, String format, String prefix, Position position) {
        this(file, format, prefix, position, position, position);
    }

    /** A file of the engine's own names ({@code parameters.safetensors} or a legacy {@code parameters.json}). */
    public ParametersSource(Path file, Position position) {
        this(file, ATTENTION, "", position);
    }

    /** True for the engine's own names (also under a name map), false for an import format. */
    public boolean ownNames() {
        return format.equals(ATTENTION);
    }

    /** True when a name map says which stored tensor fills which parameter. */
    public boolean mapped() {
        return !names.isEmpty();
    }

    /** The same source read from {@code other} (e.g. the config moved to another folder). */
    public ParametersSource withFile(Path other) {
        return new ParametersSource(other, format, prefix, names, partial, position, formatAt, prefixAt);
    }
}
