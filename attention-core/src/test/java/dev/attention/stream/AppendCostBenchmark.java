package dev.attention.stream;

import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import java.util.Arrays;
import java.util.Random;

/**
 * Cost of one appended key for a standing softmax query, after 10^3 and after 10^6 keys, measured in
 * one run (a stand-in for JMH until the benchmarks module exists; run by {@code bench/stream-append.sh},
 * never by the test suite). Rounds alternate between the two sizes so drift hits both alike; each
 * round times a block of appends and the median per-append time is reported.
 *
 * <p>Arguments: {@code [d] [rounds] [block]}, defaults 16, 60, 1000.
 */
public final class AppendCostBenchmark {
    private static final int SMALL = 1_000;
    private static final int LARGE = 1_000_000;
    private static final int POOL = 4096;

    private AppendCostBenchmark() {
    }

    public static void main(String[] args) {
        int d = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int block = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        AttentionEngine engine = Attention.engine();
        Random r = new Random(42);
        double[][] keys = StreamData.rows(r, POOL, d);
        double[][] values = StreamData.rows(r, POOL, d);
        double[] query = StreamData.rows(r, 1, d)[0];

        // Warm-up: compile the append path before anything is timed.
        StreamSession warm = open(engine, query, keys, values, 0);
        fill(warm, keys, values, 300_000);

        StreamSession large = open(engine, query, keys, values, LARGE);
        double[] smallNs = new double[rounds];
        double[] largeNs = new double[rounds];
        for (int k = 0; k < rounds; k++) {
            // A fresh small session each round keeps it near 10^3 keys.
            StreamSession small = open(engine, query, keys, values, SMALL);
            smallNs[k] = timed(small, keys, values, block);
            largeNs[k] = timed(large, keys, values, block);
        }
        double s = median(smallNs);
        double l = median(largeNs);
        System.out.printf("pipeline      %s%n", large.describe());
        System.out.printf("d = d_v       %d%n", d);
        System.out.printf("rounds        %d of %d appends each, median per append%n", rounds, block);
        System.out.printf("after 1e3     %.1f ns/append%n", s);
        System.out.printf("after 1e6     %.1f ns/append (the session ends at %d keys)%n", l, large.keys());
        System.out.printf("ratio         %.3f (1e6 / 1e3)%n", l / s);
        System.out.printf("answer        %s%n", Arrays.toString(Arrays.copyOf(large.answer(0).orElseThrow().output(), 3)));
    }

    private static StreamSession open(AttentionEngine engine, double[] query, double[][] keys, double[][] values,
            int prefill) {
        StreamSession s = engine.stream().alignment("scaled-dot").distribution("softmax").open();
        s.query(query);
        fill(s, keys, values, prefill);
        return s;
    }

    private static void fill(StreamSession s, double[][] keys, double[][] values, int n) {
        for (int j = 0; j < n; j++) {
            s.append(keys[j % POOL], values[(j * 7) % POOL]);
        }
    }

    private static double timed(StreamSession s, double[][] keys, double[][] values, int block) {
        int base = s.keys();
        long t0 = System.nanoTime();
        for (int j = 0; j < block; j++) {
            s.append(keys[(base + j) % POOL], values[(base + j) % POOL]);
        }
        return (System.nanoTime() - t0) / (double) block;
    }

    private static double median(double[] xs) {
        double[] c = xs.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
