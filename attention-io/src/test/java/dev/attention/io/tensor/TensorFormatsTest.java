package dev.attention.io.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TensorFormatsTest {
    @Test
    void formats_are_found_by_extension_whatever_its_case_and_csv_is_none() {
        TensorFormats f = TensorFormats.builtIn();
        assertEquals("npy", f.byFile(Path.of("data/x.NPY")).orElseThrow().id());
        assertEquals("safetensors", f.byFile(Path.of("w.safetensors")).orElseThrow().id());
        assertTrue(f.byFile(Path.of("train.csv")).isEmpty());
        assertTrue(f.byFile(Path.of("npy")).isEmpty(), "a name without the dot is not the extension");
        assertEquals(List.of(".npy", ".safetensors"), f.extensions());
        assertTrue(f.byFile(Path.of("w.safetensors")).orElseThrow().holdsNamedTensors());
        assertTrue(!f.byFile(Path.of("x.npy")).orElseThrow().holdsNamedTensors());
    }

    @Test
    void two_formats_claiming_one_extension_name_both_classes() {
        TensorFormat other = new TensorFormat() {
            @Override
            public String id() {
                return "numpy";
            }

            @Override
            public String extension() {
                return ".NPY";
            }

            @Override
            public boolean holdsNamedTensors() {
                return false;
            }

            @Override
            public Tensor read(Path file, Optional<String> name) {
                throw new UnsupportedOperationException();
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorFormats.of(List.of(new NpyFormat(), other)));
        assertTrue(e.getMessage().contains(NpyFormat.class.getName()) && e.getMessage().contains("numpy"),
                e.getMessage());
    }
}
