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
    void work_counts_scores_and_values_of_batch_times_most_rows_times_fewest_rows_times_the_widest_input() {
        Tensor q = Tensor.zeros(DType.FLOAT32, 10, 64);
        Tensor k = Tensor.zeros(DType.FLOAT32, 1000, 64);
        Tensor v = Tensor.zeros(DType.FLOAT32, 1000, 32);
        assertEquals(2.0 * 1000 * 10 * 64, OneShotPath.work(List.of(q, k, v), List.of()));
        assertEquals(0, OneShotPath.work(List.of(), List.of()));
    }

    @Test
    void work_counts_each_learned_matrix_applied_to_every_row() {
        // bench/oneshot.sh's multi-head job: 8 × 512 tokens of width 256, four 256 × 256 projections and
        // their biases [1, 256]: 2·8·512²·256 for scores and values, 8·512·(4·256² + 4·256) for the maps.
        Tensor sequence = Tensor.zeros(DType.FLOAT32, 8, 512, 256);
        Tensor w = Tensor.zeros(DType.FLOAT32, 256, 256);
        Tensor b = Tensor.zeros(DType.FLOAT32, 1, 256);
        Tensor perHead = Tensor.zeros(DType.FLOAT32, 8, 1, 1);
        assertEquals(1_073_741_824.0 + 4096.0 * (4 * 65_536 + 4 * 256),
                OneShotPath.work(List.of(sequence), List.of(w, w, w, w, b, b, b, b, perHead)));
    }

    @Test
    void the_simd_path_starts_at_the_measured_break_even() {
        // 16384² queries and keys of width 64 were measured about equal (decision 66), 12288² still
        // faster scalar: SIMD from about 16300² on.
        assertTrue(OneShotPath.vectorCode(2 * 16384.0 * 16384 * 64));
        assertFalse(OneShotPath.vectorCode(2 * 12288.0 * 12288 * 64));
        assertFalse(OneShotPath.vectorCode(2 * 4096.0 * 4096 * 64));
        assertTrue(OneShotPath.reason("g", 2 * 4096.0 * 4096 * 64).contains("scalar kernel"));
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

    @Test
    void learned_matrices_that_tip_the_estimate_rebuild_the_job_on_simd() throws IOException {
        // Multi-head, 2 × 16 tokens of width 8: the inputs alone estimate 2·2·16·16·8 = 8 192 multiply-adds,
        // the four 8 × 8 projections and their [1, 8] biases add 2·16·(4·64 + 4·8) = 9 216: 17 408 in all.
        Random rnd = new Random(47);
        double[] x = new double[2 * 16 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        Npy.write(dir.resolve("x.npy"), Tensor.of(DType.FLOAT32, new int[] {2, 16, 8}, x));
        Path c = Files.writeString(dir.resolve("mh.yaml"), "name: mh\ndtype: float32\npipeline: {variant: {id: multi-head,"
                + " heads: 2}, alignment: scaled-dot, distribution: softmax}\ninputs: {sequence: x.npy}\n");
        try (AttentionEngine oneShot = Attention.engine(EngineOptions.defaults().withOneShot(true))) {
            Job probe = oneShot.load(c);
            AttentionResult simd = oneShot.pipeline().name("mh").dtype(DType.FLOAT32)
                    .variant("multi-head", java.util.Map.of("heads", 2)).width("sequence", 8).alignment("scaled-dot").distribution("softmax")
                    .build().run(probe.inputs());
            AttentionResult scalar = oneShot.pipeline().name("mh").dtype(DType.FLOAT32)
                    .variant("multi-head", java.util.Map.of("heads", 2)).width("sequence", 8).alignment("scaled-dot").distribution("softmax")
                    .vectorCode(false).build().run(probe.inputs());
            // Without the Vector API (or with it switched off) both paths are one: nothing to tell apart.
            org.junit.jupiter.api.Assumptions.assumeFalse(java.util.Arrays.equals(simd.output().toDoubleArray(),
                    scalar.output().toDoubleArray()), "the SIMD and scalar paths round alike here");
            String before = System.getProperty(OneShotPath.PROPERTY);
            try {
                System.setProperty(OneShotPath.PROPERTY, "10000");
                assertArrayEquals(simd.output().toDoubleArray(), oneShot.run(oneShot.load(c)).output().toDoubleArray(),
                        "17 408 ≥ 10 000 only with the projections: SIMD");
                System.setProperty(OneShotPath.PROPERTY, "20000");
                assertArrayEquals(scalar.output().toDoubleArray(), oneShot.run(oneShot.load(c)).output().toDoubleArray(),
                        "17 408 < 20 000: scalar");
            } finally {
                if (before == null) {
                    System.clearProperty(OneShotPath.PROPERTY);
                } else {
                    System.setProperty(OneShotPath.PROPERTY, before);
                }
            }
        }
    }
}
