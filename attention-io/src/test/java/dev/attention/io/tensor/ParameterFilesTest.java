package dev.attention.io.tensor;

import static dev.attention.io.tensor.TestFiles.ramp;
import static dev.attention.io.tensor.TestFiles.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterFilesTest {
    @TempDir
    Path dir;

    @Test
    void parameters_round_trip_bit_identically_sorted_by_name() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("variant.W_q", ramp(DType.FLOAT64, 4, 3));
        m.put("alignment.log_sigma", Tensor.of(DType.FLOAT64, new int[] {1, 1}, Math.log(0.7)));
        m.put("head.weight", ramp(DType.FLOAT32, 2, 4));
        Parameters p = Parameters.of(m);
        Path f = dir.resolve("fit").resolve("params.safetensors");
        ParameterFiles.write(f, p);
        Parameters back = ParameterFiles.read(f);
        assertEquals(p, back);
        assertEquals(List.of("alignment.log_sigma", "head.weight", "variant.W_q"), List.copyOf(back.names()));
        assertEquals(Map.of("format", "attention"), Safetensors.read(f).metadata());
    }

    @Test
    void the_file_is_what_the_independent_writer_produces() throws IOException {
        Parameters p = Parameters.of("alignment.W", ramp(DType.FLOAT32, 2, 3))
                .concat(Parameters.of("variant.u", ramp(DType.FLOAT64, 1, 2)));
        Path f = dir.resolve("p.safetensors");
        ParameterFiles.write(f, p);
        assertArrayEquals(Files.readAllBytes(resource("parameters.safetensors")), Files.readAllBytes(f));
        assertEquals(p, ParameterFiles.read(resource("parameters.safetensors")));
    }

    @Test
    void unqualified_names_are_refused_both_ways() {
        Path f = dir.resolve("p.safetensors");
        AttentionException w = assertThrows(AttentionException.class,
                () -> ParameterFiles.write(f, Parameters.of("W", ramp(DType.FLOAT32, 1, 1))));
        assertTrue(w.getMessage().contains("names are <component>.<name>"), w.getMessage());
        Safetensors.write(f, Map.of("W", ramp(DType.FLOAT32, 1, 1)), Map.of());
        DataException r = assertThrows(DataException.class, () -> ParameterFiles.read(f));
        assertEquals(f + ": tensor 'W': not a parameter name; expected <component>.<name>, e.g. alignment.W",
                r.getMessage());
    }

    @Test
    void non_finite_parameters_are_neither_saved_nor_loaded() {
        Path f = dir.resolve("p.safetensors");
        Tensor nan = Tensor.of(DType.FLOAT64, new int[] {1, 2}, 1, Double.NaN);
        AttentionException w = assertThrows(AttentionException.class,
                () -> ParameterFiles.write(f, Parameters.of("alignment.W", nan)));
        assertTrue(w.getMessage().contains("element 1 is NaN"), w.getMessage());
        assertTrue(Files.notExists(f));
        Safetensors.write(f, Map.of("alignment.W", nan), Map.of());
        DataException r = assertThrows(DataException.class, () -> ParameterFiles.read(f));
        assertTrue(r.getMessage().contains("tensor 'alignment.W': element 1 (row-major) is NaN"), r.getMessage());
    }
}
