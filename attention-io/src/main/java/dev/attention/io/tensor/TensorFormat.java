package dev.attention.io.tensor;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The binary tensor formats a data source can be, recognised by file name extension. */
public enum TensorFormat {
    NPY(Npy.EXTENSION),
    SAFETENSORS(Safetensors.EXTENSION);

    private final String extension;

    TensorFormat(String extension) {
        this.extension = extension;
    }

    /** The extension with its dot, e.g. {@code .npy}. */
    public String extension() {
        return extension;
    }

    /** The format of {@code file} by its extension (case-insensitive), or empty for anything else (CSV). */
    public static Optional<TensorFormat> of(Path file) {
        Path name = file.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        for (TensorFormat f : values()) {
            if (lower.endsWith(f.extension)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public static Optional<TensorFormat> of(String file) {
        return of(Path.of(file));
    }
}
