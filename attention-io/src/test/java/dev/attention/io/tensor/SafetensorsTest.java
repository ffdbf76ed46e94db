package dev.attention.io.tensor;

import static dev.attention.io.tensor.TestFiles.ramp;
import static dev.attention.io.tensor.TestFiles.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void reads_the_reference_file_of_every_type_and_rank() {
        TensorBundle b = Safetensors.read(resource("values.safetensors"));
        assertEquals(Map.of("source", "make_tensor_files.py"), b.metadata());
        // Data order is name order, as written.
        assertEquals(List.of("bf16", "f16", "f32_2d", "f32_4d", "f32_scalar", "f64_1d", "f64_3d"),
                List.copyOf(b.tensors().keySet()));
        assertEquals(ramp(DType.FLOAT32, 2, 3), b.tensors().get("f32_2d"));
        assertEquals(ramp(DType.FLOAT64, 2, 2, 3), b.tensors().get("f64_3d"));
        assertEquals(ramp(DType.FLOAT32, 2, 1, 2, 2), b.tensors().get("f32_4d"));
        assertEquals(ramp(DType.FLOAT64, 4, 1), b.tensors().get("f64_1d"), "a 1-d tensor is a column");
        assertEquals(Tensor.of(DType.FLOAT32, new int[] {1, 1}, 2.5), b.tensors().get("f32_scalar"));
    }

    @Test
    void half_floats_widen_exactly_to_float32() {
        Tensor h = Safetensors.read(resource("values.safetensors"), "f16");
        assertEquals(DType.FLOAT32, h.dtype());
        assertArrayEquals(new int[] {2, 4}, h.shape());
        // 0.1 is not a half; numpy rounds it to the nearest, 0.0999755859375.
        double[] expected = {0.0, -0.0, 1.0, -2.5, 65504.0, 0x1p-14, 0x1p-24, 0.0999755859375};
        assertArrayEquals(expected, h.toDoubleArray());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(h.at(1)), "sign of zero kept");
    }

    @Test
    void bfloat16_is_the_top_half_of_a_float32() {
        Tensor b = Safetensors.read(resource("values.safetensors"), "bf16");
        assertArrayEquals(new int[] {1, 3}, b.shape());
        float[] source = {(float) (1.0 / 3.0), -2.5f, 3.0e38f};
        for (int k = 0; k < 3; k++) {
            float top = Float.intBitsToFloat(Float.floatToIntBits(source[k]) & 0xffff0000);
            assertEquals(top, (float) b.at(k));
        }
    }

    @Test
    void half_conversion_of_infinities_and_nan() {
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.fromHalf((short) 0x7c00));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloats.fromHalf((short) 0xfc00));
        assertTrue(Float.isNaN(HalfFloats.fromHalf((short) 0x7e00)));
        assertEquals(-0x1p-24f, HalfFloats.fromHalf((short) 0x8001));
    }

    @Test
    void round_trips_are_bit_identical_for_both_types_and_ranks_two_to_four() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("z", ramp(DType.FLOAT64, 3, 2));
        tensors.put("a.b", ramp(DType.FLOAT32, 2, 3, 4));
        tensors.put("m", ramp(DType.FLOAT64, 2, 1, 3, 2));
        tensors.put("empty", Tensor.zeros(DType.FLOAT32, 0, 3));
        // Values a decimal round trip would not keep exactly.
        tensors.put("odd", Tensor.of(DType.FLOAT64, new int[] {1, 4}, Math.PI, -0.0, Double.MIN_VALUE, 1e308));
        Path f = dir.resolve("t.safetensors");
        Safetensors.write(f, tensors, Map.of("k", "v"));
        TensorBundle back = Safetensors.read(f);
        assertEquals(tensors, back.tensors());
        assertEquals(Map.of("k", "v"), back.metadata());
    }

    @Test
    void writes_the_same_bytes_as_the_independent_python_writer() throws IOException {
        Map<String, Tensor> tensors = Map.of("variant.u", ramp(DType.FLOAT64, 1, 2),
                "alignment.W", ramp(DType.FLOAT32, 2, 3));
        Path f = dir.resolve("p.safetensors");
        Safetensors.write(f, tensors, Map.of("format", "attention"));
        assertArrayEquals(Files.readAllBytes(resource("parameters.safetensors")), Files.readAllBytes(f));
    }

    @Test
    void header_is_padded_to_eight_bytes_and_the_order_does_not_depend_on_insertion() throws IOException {
        Map<String, Tensor> one = new LinkedHashMap<>();
        one.put("b", ramp(DType.FLOAT32, 1, 1));
        one.put("a", ramp(DType.FLOAT64, 1, 1));
        Map<String, Tensor> two = new LinkedHashMap<>();
        two.put("a", one.get("a"));
        two.put("b", one.get("b"));
        Path f1 = dir.resolve("1.safetensors");
        Path f2 = dir.resolve("2.safetensors");
        Safetensors.write(f1, one, Map.of());
        Safetensors.write(f2, two, Map.of());
        byte[] bytes = Files.readAllBytes(f1);
        assertArrayEquals(bytes, Files.readAllBytes(f2));
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, n % 8);
        assertEquals(8 + n + 8 + 4, bytes.length);
    }

    @Test
    void a_reserved_name_is_refused_before_anything_is_written() throws IOException {
        Path f = dir.resolve("keep.safetensors");
        Safetensors.write(f, Map.of("w", ramp(DType.FLOAT32, 2, 2)), Map.of());
        byte[] before = Files.readAllBytes(f);
        assertThrows(IllegalArgumentException.class,
                () -> Safetensors.write(f, Map.of("__metadata__", ramp(DType.FLOAT32, 1, 1)), Map.of()));
        assertArrayEquals(before, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void random_shapes_and_values_round_trip_bit_identically() {
        java.util.Random random = new java.util.Random(16);
        for (int round = 0; round < 50; round++) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (int k = 0, n = 1 + random.nextInt(4); k < n; k++) {
                int[] shape = new int[2 + random.nextInt(3)];
                int size = 1;
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = random.nextInt(4);
                    size *= shape[d];
                }
                DType dtype = random.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
                double[] values = new double[size];
                for (int v = 0; v < size; v++) {
                    values[v] = dtype == DType.FLOAT32 ? Float.intBitsToFloat(random.nextInt() & 0x7f7fffff)
                            : random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
                }
                tensors.put("t" + random.nextInt(1000) + "." + k, Tensor.of(dtype, shape, values));
            }
            Path f = dir.resolve("r.safetensors");
            Safetensors.write(f, tensors, Map.of());
            assertEquals(tensors, Safetensors.read(f).tensors());
        }
    }

    @Test
    void an_unknown_tensor_name_suggests_the_nearest_and_lists_the_file() {
        DataException e = assertThrows(DataException.class,
                () -> Safetensors.read(resource("values.safetensors"), "f32_2"));
        assertTrue(e.getMessage().contains("tensor 'f32_2': no such tensor; did you mean 'f32_2d'?"), e.getMessage());
        assertTrue(e.getMessage().contains("bf16, f16, f32_2d"), e.getMessage());
    }

    /** Each corrupt reference file: one line naming the file, the tensor where one is at fault, and the cause. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "truncated.safetensors         | tensor 'w': data_offsets [0, 16] run past the data area of 12 bytes (file truncated?)",
        "bad_header_length.safetensors | header length 1099511627776 exceeds the file's",
        "tiny.safetensors              | only 3 bytes",
        "bad_json.safetensors          | header is not valid JSON",
        "dtype_i8.safetensors          | tensor 'w': dtype I8 is integer; a tensor here must be float",
        "dtype_f8.safetensors          | tensor 'w': dtype F8_E4M3 is not supported",
        "dtype_unknown.safetensors     | tensor 'w': unknown dtype 'Q4'",
        "shape_mismatch.safetensors    | tensor 'w': shape [2, 3] of F32 needs 24 bytes but data_offsets [0, 16] span 16",
        "overlap.safetensors           | tensor 'b': data_offsets [8, 16] overlap tensor 'a' [0, 16]",
        "gap.safetensors               | tensor 'b': bytes 8..12 before it belong to no tensor",
    })
    void corrupt_files_give_one_clear_line(String file, String expected) {
        Path p = resource("corrupt/" + file);
        DataException e = assertThrows(DataException.class, () -> Safetensors.read(p));
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void trailing_bytes_after_the_last_tensor_are_refused() throws IOException {
        Path f = dir.resolve("t.safetensors");
        Safetensors.write(f, Map.of("w", ramp(DType.FLOAT32, 1, 2)), Map.of());
        Files.write(f, new byte[] {0, 0, 0, 0}, java.nio.file.StandardOpenOption.APPEND);
        DataException e = assertThrows(DataException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().contains("4 bytes after the last tensor 'w' belong to no tensor"), e.getMessage());
    }

    @Test
    void duplicate_names_in_the_header_are_refused() throws IOException {
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]}}";
        Path f = dir.resolve("dup.safetensors");
        ByteBuffer b = ByteBuffer.allocate(8 + json.length() + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length()).put(json.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putFloat(1f);
        Files.write(f, b.array());
        DataException e = assertThrows(DataException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().contains("Duplicate field 'w'"), e.getMessage());
    }

    /** A header of {@code json} (padded with spaces to 8 bytes, as the format allows) and 4 data bytes. */
    private Path withHeader(String name, String json) throws IOException {
        String text = json + " ".repeat((8 - json.length() % 8) % 8);
        Path f = dir.resolve(name);
        ByteBuffer b = ByteBuffer.allocate(8 + text.length() + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(text.length()).put(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putFloat(1f);
        Files.write(f, b.array());
        return f;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}} {}      | header is not valid JSON: Trailing token",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}         | header is not valid JSON",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}      | tensor 'w': shape must hold non-negative whole numbers, got [1.5]",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,4]}} | tensor 'w': shape must hold non-negative whole numbers",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}       | tensor 'w': shape must hold non-negative whole numbers",
        "{\"w\":{\"dtype\":7,\"shape\":[1],\"data_offsets\":[0,4]}}                | tensor 'w': dtype must be text",
        "{\"__metadata__\":{\"a\":1},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}} | '__metadata__' value of 'a' must be text",
    })
    void malformed_headers_give_one_clear_line(String json, String expected) throws IOException {
        Path f = withHeader("h.safetensors", json.strip());
        DataException e = assertThrows(DataException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void a_header_with_metadata_reads() throws IOException {
        Path f = withHeader("m.safetensors",
                "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}");
        assertEquals(Map.of("format", "pt"), Safetensors.read(f).metadata());
        assertEquals(1.0, Safetensors.read(f).tensors().get("w").at(0));
    }

    @Test
    void a_missing_file_is_named() {
        Path f = dir.resolve("nope.safetensors");
        DataException e = assertThrows(DataException.class, () -> Safetensors.read(f));
        assertEquals(f + ": file not found (paths are relative to the config file)", e.getMessage());
    }
}
