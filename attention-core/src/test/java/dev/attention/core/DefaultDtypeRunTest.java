package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.io.tensor.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config without dtype: float32 .npy inputs give float32 outputs; one CSV input keeps float64. */
class DefaultDtypeRunTest {
    private static final AttentionEngine ENGINE = Attention.engine();

    @TempDir
    Path dir;

    private AttentionResult run(String values) throws IOException {
        Npy.write(dir.resolve("q.npy"), Tensor.of(DType.FLOAT32, new int[] {1, 2}, new double[] {1, 0}));
        Npy.write(dir.resolve("k.npy"), Tensor.of(DType.FLOAT32, new int[] {2, 2}, new double[] {1, 0, 0, 1}));
        Npy.write(dir.resolve("v.npy"), Tensor.of(DType.FLOAT32, new int[] {2, 1}, new double[] {2, 4}));
        Files.writeString(dir.resolve("v.csv"), "v\n2\n4\n");
        Path c = Files.writeString(dir.resolve("c.yaml"), "pipeline: {variant: global, alignment: dot,"
                + " distribution: softmax}\ninputs:\n  queries: q.npy\n  keys: k.npy\n  values: " + values + "\n");
        return ENGINE.run(ENGINE.load(c));
    }

    @Test
    void float32_files_compute_and_answer_in_float32_a_csv_input_keeps_float64() throws IOException {
        // Scores q·k = 1, 0: weights e/(e+1), 1/(e+1); output 2·w0 + 4·w1.
        double w0 = Math.E / (Math.E + 1);
        double expected = 2 * w0 + 4 * (1 - w0);
        AttentionResult f32 = run("v.npy");
        assertEquals(DType.FLOAT32, f32.output().dtype());
        assertEquals(expected, f32.output().get(0, 0), 1e-6);
        AttentionResult f64 = run("v.csv");
        assertEquals(DType.FLOAT64, f64.output().dtype());
        assertEquals(expected, f64.output().get(0, 0), 1e-12);
    }
}
