package dev.attention.io.tensor;

import dev.attention.api.Tensor;
import java.nio.file.Path;
import java.util.Optional;

/** {@code .npy}: one array per file ({@link Npy}). */
final class NpyFormat implements TensorFormat {
    @Override
    public String id() {
        return "npy";
    }

    @Override
    public String extension() {
        return Npy.EXTENSION;
    }

    @Override
    public boolean holdsNamedTensors() {
        return false;
    }

    @Override
    public Tensor read(Path file, Optional<String> name) {
        return Npy.read(file);
    }
}
