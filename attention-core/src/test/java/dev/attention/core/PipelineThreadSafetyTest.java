package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A pipeline is immutable and thread-safe: one instance shared by many threads gives the same bits. */
class PipelineThreadSafetyTest {
    private static final int THREADS = 8;
    private static final int RUNS_PER_THREAD = 25;

    private static Tensor random(Random rnd, int rows, int cols) {
        double[] v = new double[rows * cols];
        for (int k = 0; k < v.length; k++) {
            v[k] = rnd.nextGaussian();
        }
        return Tensor.of(DType.FLOAT64, new int[] {rows, cols}, v);
    }

    @Test
    void eight_threads_running_one_pipeline_match_a_sequential_run_bit_for_bit() throws Exception {
        Random rnd = new Random(42);
        // Large enough that runs overlap in time; float64 inputs also exercise the float32 conversion.
        AttentionInputs in = AttentionInputs.of(Map.of("queries", random(rnd, 64, 16), "keys", random(rnd, 48, 16),
                "values", random(rnd, 48, 8)));
        Pipeline p = Attention.engine().pipeline().distribution("softmax", Map.of("temperature", 0.7))
                .dtype(DType.FLOAT32).build();
        AttentionResult expected = p.run(in);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<AttentionResult>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Callable<List<AttentionResult>> task = () -> {
                    start.await();
                    List<AttentionResult> out = new ArrayList<>();
                    for (int k = 0; k < RUNS_PER_THREAD; k++) {
                        out.add(p.run(in));
                    }
                    return out;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            int checked = 0;
            for (Future<List<AttentionResult>> f : futures) {
                for (AttentionResult r : f.get(60, TimeUnit.SECONDS)) {
                    assertEquals(expected.output(), r.output());
                    assertEquals(expected.weights(), r.weights());
                    checked++;
                }
            }
            assertEquals(THREADS * RUNS_PER_THREAD, checked);
        } finally {
            pool.shutdownNow();
        }
    }
}
