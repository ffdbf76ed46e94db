package dev.attention.core.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code parameters:} key: stored values that replace the pipeline's, either as a file name
 * ({@code parameters: fitted/parameters.safetensors}) or as
 * {@code {file: mha.safetensors, format: torch-mha, prefix: encoder.self_attn.}}.
 *
 * @param file     resolved against the config's folder
 * @param format   how the file's tensors are named
 * @param prefix   for {@link ParametersFormat#TORCH_MHA}: what precedes PyTorch's names in the state
 *                 dict (a module nested in a model), or empty
 * @param position where the key was written
 */
public record ParametersSource(Path file, ParametersFormat format, String prefix, Position position) {
    public ParametersSource {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(prefix, "prefix");
    }

    /** A file of the engine's own names ({@code parameters.safetensors} or a legacy {@code parameters.json}). */
    public ParametersSource(Path file, Position position) {
        this(file, ParametersFormat.ATTENTION, "", position);
    }
}
