package dev.attention.io.tensor;

import dev.attention.api.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contents of a safetensors file: its tensors, in the order of their data, and the free-form
 * {@code __metadata__} text map. Immutable.
 */
public record TensorBundle(Map<String, Tensor> tensors, Map<String, String> metadata) {
    public TensorBundle {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
