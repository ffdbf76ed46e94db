package dev.attention.core;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import java.util.Map;
import java.util.Random;

/**
 * Runs {@code n = m = 16384, d = d_v = 64} float32 attention through the engine (its kernel) and
 * checks a few output rows against a direct double-precision computation of those rows. Launched
 * by {@link LargeFusedRunTest} in a JVM with {@code -Xmx256m}: the general path would need 1 GiB
 * for the scores alone. Prints one line and exits 0 when the rows match, 1 otherwise.
 */
public final class LargeFusedRun {
    static final int N = 16384;
    static final int D = 64;
    static final int[] CHECKED_ROWS = {0, 1, 4097, 12345, N - 1};

    private LargeFusedRun() {
    }

    public static void main(String[] args) {
        Random rnd = new Random(2024);
        Tensor q = random(rnd, N, D);
        Tensor k = random(rnd, N, D);
        Tensor v = random(rnd, N, D);
        Pipeline p = Attention.engine().pipeline().dtype(DType.FLOAT32).weights(false).build();
        long t0 = System.nanoTime();
        Tensor out = p.run(AttentionInputs.of(Map.of("queries", q, "keys", k, "values", v))).output();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double worst = 0;
        for (int i : CHECKED_ROWS) {
            double[] expected = row(q, k, v, i);
            double scale = 0;
            for (double e : expected) {
                scale = Math.max(scale, Math.abs(e));
            }
            for (int c = 0; c < D; c++) {
                worst = Math.max(worst, Math.abs(out.get(i, c) - expected[c]) / scale);
            }
        }
        boolean ok = worst <= 1e-5;
        System.out.printf("%s %s fused run %.2f s, max relative error of checked rows %.2e, max heap %d MiB%n",
                ok ? "OK" : "FAILED", p, seconds, worst, Runtime.getRuntime().maxMemory() >> 20);
        System.exit(ok ? 0 : 1);
    }

    /** Output row {@code i} of {@code softmax(QKᵀ/√d) V}, directly, in double. */
    static double[] row(Tensor q, Tensor k, Tensor v, int i) {
        double[] z = new double[N];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < N; j++) {
            double dot = 0;
            for (int c = 0; c < D; c++) {
                dot += q.get(i, c) * k.get(j, c);
            }
            z[j] = dot / Math.sqrt(D);
            max = Math.max(max, z[j]);
        }
        double sum = 0;
        double[] out = new double[D];
        for (int j = 0; j < N; j++) {
            double w = Math.exp(z[j] - max);
            sum += w;
            for (int c = 0; c < D; c++) {
                out[c] += w * v.get(j, c);
            }
        }
        for (int c = 0; c < D; c++) {
            out[c] /= sum;
        }
        return out;
    }

    private static Tensor random(Random rnd, int rows, int cols) {
        Tensor.Builder b = Tensor.builder(DType.FLOAT32, rows, cols);
        for (int t = 0; t < rows * cols; t++) {
            b.set(t, rnd.nextGaussian());
        }
        return b.build();
    }
}
