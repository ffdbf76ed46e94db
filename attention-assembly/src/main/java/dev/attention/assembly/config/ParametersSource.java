package dev.attention.assembly.config;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.nio.file.Path;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The {@code parameters:} key: stored values that replace the pipeline's, either as a file name
 * ({@code parameters: fitted/parameters.safetensors}) or as
 * {@code {file: mha.safetensors, format: torch-mha, prefix: encoder.self_attn.}}.
 *
 * @param file     resolved against the config's folder
 * @param format   how the file's tensors are named: {@link #ATTENTION}, or the id of an import the
 *                 pipeline's variant offers ({@code VariantProvider.imports()}), resolved with the pipeline
 * @param prefix   for an import format: what precedes the format's names in the file (a module nested
 *                 in a model), or empty
 * @param position where the key was written
 * @param formatAt where {@code format:} was written ({@code position} when it was not)
 * @param prefixAt where {@code prefix:} was written ({@code position} when it was not)
 */
@API(status = MAINTAINED)
public record ParametersSource(Path file, String format, String prefix, Position position, Position formatAt,
        Position prefixAt) {
    /** The engine's own qualified names, as {@code attention fit} writes them. */
    public static final String ATTENTION = "attention";

    public ParametersSource {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(formatAt, "formatAt");
        Objects.requireNonNull(prefixAt, "prefixAt");
    }

    /** A file of {@code format} with every error placed at the key. */
    public ParametersSource(Path file, String format, String prefix, Position position) {
        this(file, format, prefix, position, position, position);
    }

    /** A file of the engine's own names ({@code parameters.safetensors} or a legacy {@code parameters.json}). */
    public ParametersSource(Path file, Position position) {
        this(file, ATTENTION, "", position);
    }

    /** True for the engine's own names, false for an import format. */
    public boolean ownNames() {
        return format.equals(ATTENTION);
    }
}
