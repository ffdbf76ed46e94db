package dev.attention.io.tensor;

import dev.attention.api.Tensor;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A binary tensor file format a data source can be, recognised by its file name extension; the
 * formats are a registry ({@link TensorFormats}), not a switch. Anything without a registered
 * extension is read as CSV.
 */
public interface TensorFormat {
    /** The stable lowercase name, e.g. {@code npy}. */
    String id();

    /** The extension with its dot, e.g. {@code .npy}, matched case-insensitively. */
    String extension();

    /** True when a file holds several tensors by name, so a config may pick one with {@code tensor:}. */
    boolean holdsNamedTensors();

    /**
     * Reads the tensor {@code name} of {@code file}, or its only one when empty (name is always
     * empty for a format that does not {@link #holdsNamedTensors()}).
     *
     * @throws dev.attention.api.DataException naming the file (and tensor) when it cannot be read
     */
    Tensor read(Path file, Optional<String> name);

    /** The built-in format of {@code file} by its extension, or empty for anything else (CSV). */
    static Optional<TensorFormat> of(Path file) {
        return TensorFormats.builtIn().byFile(file);
    }

    /** {@link #of(Path)} for a file name. */
    static Optional<TensorFormat> of(String file) {
        return of(Path.of(file));
    }
}
