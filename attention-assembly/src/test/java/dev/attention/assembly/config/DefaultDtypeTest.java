package dev.attention.assembly.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.io.tensor.Npy;
import dev.attention.io.tensor.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without {@code dtype:}, a config whose data inputs are all float32 tensor files computes in
 * float32; CSV, inline or float64 inputs keep float64; masks do not count; a given dtype wins.
 */
class DefaultDtypeTest {
    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        Npy.write(dir.resolve("q32.npy"), Tensor.of(DType.FLOAT32, new int[] {2, 2}, new double[] {1, 2, 3, 4}));
        Npy.write(dir.resolve("k32.npy"), Tensor.of(DType.FLOAT32, new int[] {3, 2}, new double[] {1, 0, 0, 1, 1, 1}));
        Npy.write(dir.resolve("v64.npy"), Tensor.of(DType.FLOAT64, new int[] {3, 1}, new double[] {1, 2, 3}));
        Npy.write(dir.resolve("v32.npy"), Tensor.of(DType.FLOAT64, new int[] {3, 1}, new double[] {1, 2, 3})
                .to(DType.FLOAT32));
        Safetensors.write(dir.resolve("kv.safetensors"), Map.of(
                "k", Tensor.of(DType.FLOAT32, new int[] {3, 2}, new double[] {1, 0, 0, 1, 1, 1}),
                "v", Tensor.of(DType.FLOAT64, new int[] {3, 1}, new double[] {1, 2, 3})), Map.of());
        // A bool mask, which is no data input: |b1, shape (3,).
        String dict = "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }";
        String header = dict + " ".repeat((64 - (11 + dict.length()) % 64) % 64) + "\n";
        byte[] pre = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0};
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] all = new byte[pre.length + h.length + 3];
        System.arraycopy(pre, 0, all, 0, pre.length);
        System.arraycopy(h, 0, all, pre.length, h.length);
        all[all.length - 2] = 1;
        Files.write(dir.resolve("kpm.npy"), all);
        Files.writeString(dir.resolve("v.csv"), "v\n1\n2\n3\n");
    }

    private DType dtype(String top, String... inputs) throws IOException {
        Path p = dir.resolve("job.yaml");
        Files.writeString(p, top + "pipeline: {alignment: dot}\ninputs:\n" + String.join("\n", inputs) + "\n");
        return new ConfigLoader().load(p).dtype();
    }

    @Test
    void float32_tensor_files_alone_compute_in_float32_masks_aside() throws IOException {
        assertEquals(DType.FLOAT32, dtype("", "  queries: q32.npy", "  keys: k32.npy", "  values: v32.npy",
                "  key_padding_mask: kpm.npy"));
        assertEquals(DType.FLOAT32, dtype("", "  queries: q32.npy", "  keys: {file: kv.safetensors, tensor: k}",
                "  values: v32.npy"));
    }

    @Test
    void any_float64_csv_or_inline_input_keeps_float64() throws IOException {
        assertEquals(DType.FLOAT64, dtype("", "  queries: q32.npy", "  keys: k32.npy", "  values: v64.npy"));
        assertEquals(DType.FLOAT64, dtype("", "  queries: q32.npy", "  keys: k32.npy",
                "  values: {file: kv.safetensors, tensor: v}"));
        assertEquals(DType.FLOAT64, dtype("", "  queries: q32.npy", "  keys: k32.npy", "  values: v.csv"));
        assertEquals(DType.FLOAT64, dtype("", "  queries: q32.npy", "  keys: k32.npy", "  values: {data: [[1], [2], [3]]}"));
        // A file that cannot be read decides nothing: float64, and loading it says what is wrong.
        assertEquals(DType.FLOAT64, dtype("", "  queries: q32.npy", "  keys: k32.npy", "  values: missing.npy"));
    }

    @Test
    void a_given_dtype_wins() throws IOException {
        assertEquals(DType.FLOAT64, dtype("dtype: float64\n", "  queries: q32.npy", "  keys: k32.npy",
                "  values: v32.npy"));
        assertEquals(DType.FLOAT32, dtype("dtype: float32\n", "  queries: q32.npy", "  keys: k32.npy",
                "  values: v.csv"));
    }
}
