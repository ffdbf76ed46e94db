package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.io.tensor.Safetensors;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint's tensors by name: every name from the header, each value read when asked for. */
class CheckpointTensorsTest {
    @TempDir
    Path tmp;

    @Test
    void names_come_from_the_header_and_values_are_read_when_asked_for() {
        Path file = tmp.resolve("model.safetensors");
        Map<String, Tensor> t = new TreeMap<>();
        t.put("a.weight", Tensor.of(DType.FLOAT32, new int[] {1, 2}, 1, 2));
        t.put("b.weight", Tensor.of(DType.FLOAT32, new int[] {1, 2}, 3, 4));
        Safetensors.write(file, t, Map.of());
        CheckpointTensors lazy = new CheckpointTensors(file);
        assertEquals(List.of("a.weight", "b.weight"), List.copyOf(lazy.keySet()));
        assertEquals(t.get("a.weight"), lazy.get("a.weight"));
        // b is read only now: a file rewritten with other values for b (same layout) gives those.
        t.put("b.weight", Tensor.of(DType.FLOAT32, new int[] {1, 2}, 5, 6));
        Safetensors.write(file, t, Map.of());
        assertEquals(t.get("b.weight"), lazy.get("b.weight"));
        assertNull(lazy.get("c.weight"));
        assertFalse(lazy.containsKey("c.weight"));
        assertEquals(2, lazy.size());
        assertEquals(t, Map.copyOf(lazy));
    }
}
