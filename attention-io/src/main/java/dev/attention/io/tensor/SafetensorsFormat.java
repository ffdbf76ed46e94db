package dev.attention.io.tensor;

import dev.attention.api.Tensor;
import java.nio.file.Path;
import java.util.Optional;

/** {@code .safetensors}: named tensors ({@link Safetensors}); without a name, the file's only one. */
final class SafetensorsFormat implements TensorFormat {
    @Override
    public String id() {
        return "safetensors";
    }

    @Override
    public String extension() {
        return Safetensors.EXTENSION;
    }

    @Override
    public boolean holdsNamedTensors() {
        return true;
    }

    @Override
    public Tensor read(Path file, Optional<String> name) {
        return name.isPresent() ? Safetensors.read(file, name.get()) : Safetensors.readSingle(file);
    }
}
