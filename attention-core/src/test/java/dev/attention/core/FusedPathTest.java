package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Through the engine: a pipeline the fused kernel runs gives what the plugins compute (the same
 * pipeline with fast paths off), outputs and weights, with padding, in both dtypes, and the same
 * bits for any thread count.
 */
class FusedPathTest {
    private static final AttentionEngine ENGINE = Attention.engine();

    private static Tensor random(Random rnd, DType dtype, int... shape) {
        int size = 1;
        for (int s : shape) {
            size *= s;
        }
        double[] x = new double[size];
        for (int t = 0; t < size; t++) {
            x[t] = rnd.nextGaussian();
        }
        return Tensor.of(dtype, shape, x);
    }

    private static int[] lengths(Random rnd, int batch, int max) {
        int[] l = new int[batch];
        for (int b = 0; b < batch; b++) {
            l[b] = rnd.nextInt(3) == 0 ? max : rnd.nextInt(max + 1);
        }
        return l;
    }

    static AttentionInputs inputs(Random rnd, DType dtype, int batch, int n, int m, int d, int dv, boolean padded) {
        Tensor q = random(rnd, dtype, batch, n, d);
        Tensor k = random(rnd, dtype, batch, m, d);
        Tensor v = random(rnd, dtype, batch, m, dv);
        if (!padded) {
            return AttentionInputs.of(Map.of("queries", q, "keys", k, "values", v));
        }
        int[] kLen = lengths(rnd, batch, m);
        return AttentionInputs.builder().put("queries", q, lengths(rnd, batch, n)).put("keys", k, kLen)
                .put("values", v, kLen).build();
    }

    private static PipelineBuilder builder(AttentionEngine engine, DType dtype, boolean scaled, double scale,
            double temperature) {
        PipelineBuilder b = engine.pipeline().dtype(dtype).distribution("softmax", Map.of("temperature", temperature));
        return scaled ? b.alignment("scaled-dot", Map.of("scale", scale)) : b.alignment("dot");
    }

    /** {@code |a − e| ≤ tol · (|e| + max|e|)}: relative, with the tensor's scale for entries near 0. */
    private static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what);
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        double scale = 0;
        for (int t = 0; t < expected.size(); t++) {
            scale = Math.max(scale, Math.abs(expected.at(t)));
        }
        for (int t = 0; t < expected.size(); t++) {
            double e = expected.at(t);
            double err = Math.abs(actual.at(t) - e);
            assertTrue(err <= tol * (Math.abs(e) + scale),
                    what + " at " + t + ": expected " + e + ", got " + actual.at(t));
        }
    }

    private static double maxRowNorm(Tensor t) {
        double max = 0;
        int d = t.cols();
        for (int r = 0; r < t.size() / d; r++) {
            double sum = 0;
            for (int c = 0; c < d; c++) {
                sum += t.at(r * d + c) * t.at(r * d + c);
            }
            max = Math.max(max, Math.sqrt(sum));
        }
        return max;
    }

    @Property(tries = 60)
    void fused_equals_the_plugins_outputs_and_weights(@ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 90) int n, @ForAll @IntRange(min = 1, max = 150) int m,
            @ForAll @IntRange(min = 1, max = 12) int d, @ForAll @IntRange(min = 1, max = 4) int dv,
            @ForAll boolean padded, @ForAll boolean float32, @ForAll boolean scaled, @ForAll long seed) {
        Random rnd = new Random(seed);
        DType dtype = float32 ? DType.FLOAT32 : DType.FLOAT64;
        double scale = rnd.nextBoolean() ? 0 : 0.05 + rnd.nextDouble();
        double temperature = 0.3 + 2 * rnd.nextDouble();
        AttentionInputs in = inputs(rnd, dtype, batch, n, m, d, dv, padded);
        Pipeline fused = builder(ENGINE, dtype, scaled, scale, temperature).build();
        Pipeline general = builder(ENGINE, dtype, scaled, scale, temperature).fastPaths(false).build();

        AttentionResult expected = general.run(in);
        AttentionResult actual = fused.run(in);
        assertClose(expected.output(), actual.output(), float32 ? 1e-5 : 1e-12, "output");
        Tensor we = expected.weights().orElseThrow();
        Tensor wa = actual.weights().orElseThrow();
        // A float32 score carries a rounding of about |z|·2⁻²⁴ into exp, so the weights' tolerance grows
        // with the largest |z| = s·|q||k|/τ the inputs allow (a seed with |z| ≈ 20 differed by 1.1e-6).
        double s = scaled ? (scale == 0 ? 1 / Math.sqrt(d) : scale) : 1;
        double z = s * maxRowNorm(in.tensor("queries")) * maxRowNorm(in.tensor("keys")) / temperature;
        double tol = float32 ? 1e-6 + 8 * z * Math.ulp(1f) : 1e-12;
        for (int t = 0; t < we.size(); t++) {
            assertEquals(we.at(t), wa.at(t), tol, "weight at " + t);
        }
    }

    @Test
    void without_weights_the_fused_run_returns_the_output_only() {
        AttentionInputs in = inputs(new Random(1), DType.FLOAT32, 2, 20, 30, 8, 3, true);
        AttentionResult r = ENGINE.pipeline().dtype(DType.FLOAT32).weights(false).build().run(in);
        assertEquals(java.util.Set.of(AttentionResult.OUTPUT), r.names());
        assertEquals(ENGINE.pipeline().dtype(DType.FLOAT32).build().run(in).output(), r.output());
    }

    @Test
    void one_two_and_four_engine_threads_give_bit_identical_results() {
        AttentionInputs in = inputs(new Random(5), DType.FLOAT32, 3, 333, 257, 16, 5, true);
        AttentionResult one = null;
        for (int threads : new int[] {1, 2, 4}) {
            AttentionEngine engine = Attention.engine(EngineOptions.defaults().withThreads(threads));
            AttentionResult r = builder(engine, DType.FLOAT32, true, 0, 0.8).build().run(in);
            if (one == null) {
                one = r;
            } else {
                assertEquals(one.output(), r.output(), threads + " threads");
                assertEquals(one.weights(), r.weights(), threads + " threads");
            }
        }
    }

    @Test
    void fully_padded_queries_and_keys_give_zero_rows() {
        Random rnd = new Random(9);
        AttentionInputs in = AttentionInputs.builder().put("queries", random(rnd, DType.FLOAT64, 2, 4, 3), 4, 0)
                .put("keys", random(rnd, DType.FLOAT64, 2, 5, 3), 0, 5)
                .put("values", random(rnd, DType.FLOAT64, 2, 5, 2), 0, 5).build();
        AttentionResult r = ENGINE.pipeline().build().run(in);
        for (int i = 0; i < 4; i++) {
            for (int c = 0; c < 2; c++) {
                assertEquals(0.0, r.output().get(0, i, c));
                assertEquals(0.0, r.output().get(1, i, c));
            }
        }
        assertTrue(r.weights().orElseThrow().isFinite());
        assertEquals(ENGINE.pipeline().fastPaths(false).build().run(in).weights(), r.weights());
    }

    @Test
    void other_components_and_learnable_parameters_keep_the_general_path() {
        assertTrue(ENGINE.pipeline().alignment("cosine").build().toString().endsWith("]"));
        assertTrue(ENGINE.pipeline().distribution("sigmoid").build().toString().endsWith("]"));
        assertTrue(ENGINE.pipeline().alignment("cosine").weights(false).build().toString().endsWith("(blockwise)"));
    }

    @Test
    void declared_components_without_weights_run_in_one_piece_on_the_kernel() {
        Random rnd = new Random(5);
        // 600 query rows × 2000 keys: more score entries than one block of the blockwise path holds.
        AttentionInputs in = AttentionInputs.builder().weights(false)
                .put("queries", random(rnd, 600, 8)).put("keys", random(rnd, 2000, 8))
                .put("values", random(rnd, 2000, 3)).build();
        Pipeline tiled = ENGINE.pipeline().weights(false).build();
        assertTrue(!tiled.toString().endsWith("(blockwise)"), tiled.toString());
        var before = ENGINE.kernelUse();
        AttentionResult r = tiled.run(in);
        assertEquals(1, ENGINE.kernelUse().since(before).attends(), "one kernel call for the whole run");
        Tensor general = ENGINE.pipeline().fastPaths(false).build().run(in).output();
        double max = 0;
        double scale = 0;
        for (int i = 0; i < general.size(); i++) {
            max = Math.max(max, Math.abs(r.output().at(i) - general.at(i)));
            scale = Math.max(scale, Math.abs(general.at(i)));
        }
        assertTrue(max <= 1e-12 * scale, "max |kernel − general| = " + max);
    }

    private static Tensor random(Random rnd, int rows, int cols) {
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
        }
        return Tensor.of(DType.FLOAT64, new int[] {rows, cols}, a);
    }
}
