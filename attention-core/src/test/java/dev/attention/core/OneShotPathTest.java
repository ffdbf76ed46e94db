package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.io.tensor.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel path of a one-shot job (decision 46): its size estimate, and the path a small job takes. */
class OneShotPathTest {
    @TempDir
    Path dir;

    @Test
    void work_is_batch_times_most_rows_times_fewest_rows_times_the_widest_input() {
        Tensor q = Tensor.zeros(DType.FLOAT32, 10, 64);
        Tensor k = Tensor.zeros(DType.FLOAT32, 1000, 64);
        Tensor v = Tensor.zeros(DType.FLOAT32, 1000, 32);
        assertEquals(1000.0 * 10 * 64, OneShotPath.work(List.of(q, k, v)));
        Tensor sequence = Tensor.zeros(DType.FLOAT32, 8, 512, 256);
        assertEquals(8.0 * 512 * 512 * 256, OneShotPath.work(List.of(sequence)));
        assertEquals(0, OneShotPath.work(List.of()));
    }

    @Test
    void the_simd_path_starts_at_the_measured_break_even() {
        // 8192² queries and keys of width 64 were measured about equal (decision 46): SIMD from there.
        assertTrue(OneShotPath.vectorCode(8192.0 * 8192 * 64));
        assertFalse(OneShotPath.vectorCode(4096.0 * 4096 * 64));
        assertTrue(OneShotPath.reason("g", 4096.0 * 4096 * 64).contains("scalar kernel"));
    }

    @Test
    void a_small_one_shot_job_runs_the_scalar_kernel_bit_for_bit() throws IOException {
        Random rnd = new Random(46);
        for (String name : List.of("q", "k", "v")) {
            double[] x = new double[40 * 16];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextGaussian();
            }
            Npy.write(dir.resolve(name + ".npy"), Tensor.of(DType.FLOAT32, new int[] {40, 16}, x));
        }
        Path c = Files.writeString(dir.resolve("c.yaml"), "name: small\npipeline: {variant: global,"
                + " alignment: scaled-dot, distribution: softmax}\ninputs: {queries: q.npy, keys: k.npy, values: v.npy}\n");
        try (AttentionEngine oneShot = Attention.engine(EngineOptions.defaults().withOneShot(true))) {
            Job job = oneShot.load(c);
            AttentionResult r = oneShot.run(job);
            var before = oneShot.kernelUse();
            AttentionResult scalar = oneShot.pipeline().name("small").dtype(DType.FLOAT32).variant("global")
                    .alignment("scaled-dot").distribution("softmax").vectorCode(false).build().run(job.inputs());
            assertEquals(1, oneShot.kernelUse().since(before).attends(), "the scalar twin is the engine kernel too");
            assertArrayEquals(scalar.output().toDoubleArray(), r.output().toDoubleArray());
            assertArrayEquals(scalar.weights().orElseThrow().toDoubleArray(), r.weights().orElseThrow().toDoubleArray());
        }
    }
}
