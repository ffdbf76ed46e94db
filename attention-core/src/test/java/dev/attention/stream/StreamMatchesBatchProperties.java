package dev.attention.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Once every key has arrived, a stream answers exactly what the batch engine computes (to 1e-6), over
 * generated sizes, widths and arrival orders of queries among the keys.
 */
class StreamMatchesBatchProperties {
    private static final double TOL = 1e-6;

    @Property(tries = 150)
    void standing_softmax_queries_equal_global_attention(@ForAll @IntRange(min = 1, max = 6) int n,
            @ForAll @IntRange(min = 1, max = 40) int m, @ForAll @IntRange(min = 1, max = 5) int d,
            @ForAll @IntRange(min = 1, max = 4) int dv, @ForAll long seed) {
        compareGlobal("global", Map.of(), "scaled-dot", Map.of(), "softmax", Map.of("temperature", 0.7), n, m, d, dv,
                seed, UpdateCost.ONLINE);
    }

    @Property(tries = 60)
    void learned_and_kernel_alignments_stream_in_O_d(@ForAll @IntRange(min = 0, max = 3) int which,
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 20) int m,
            @ForAll @IntRange(min = 1, max = 4) int d, @ForAll long seed) {
        String alignment = List.of("general", "additive", "gaussian", "cosine").get(which);
        compareGlobal("global", Map.of(), alignment, Map.of(), "softmax", Map.of(), n, m, d, 2, seed, UpdateCost.ONLINE);
    }

    @Property(tries = 60)
    void whole_row_distributions_keep_the_scores(@ForAll @IntRange(min = 0, max = 2) int which,
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 20) int m,
            @ForAll @IntRange(min = 1, max = 4) int d, @ForAll long seed) {
        String f = List.of("sparsemax", "entmax15", "sigmoid").get(which);
        compareGlobal("global", Map.of(), "dot", Map.of(), f, Map.of(), n, m, d, 3, seed, UpdateCost.SCORES);
    }

    @Property(tries = 40)
    void projected_cross_attention_equals_batch(@ForAll @IntRange(min = 1, max = 4) int n,
            @ForAll @IntRange(min = 1, max = 15) int m, @ForAll @IntRange(min = 1, max = 4) int d,
            @ForAll long seed) {
        compareGlobal("cross", Map.of("project", true, "dim", 3), "scaled-dot", Map.of(), "softmax", Map.of(), n, m, d,
                2, seed, UpdateCost.ONLINE);
    }

    @Property(tries = 150)
    void causal_decoding_equals_causal_self_attention(@ForAll @IntRange(min = 1, max = 30) int n,
            @ForAll @IntRange(min = 1, max = 5) int d, @ForAll @IntRange(min = 0, max = 6) int window,
            @ForAll boolean project, @ForAll long seed) {
        Random r = new Random(seed);
        double[][] x = StreamData.rows(r, n, d);
        Map<String, Object> variant = Map.of("causal", true, "window", window, "project", project);
        Pipeline p = StreamData.ENGINE.pipeline().variant("self", variant).width("sequence", d).seed(seed).build();
        Tensor expected = StreamData.batchSelf(p, x);
        StreamSession s = StreamData.ENGINE.stream().variant("self", variant).seed(seed).open();
        for (int t = 0; t < n; t++) {
            List<StreamAnswer> a = s.token(x[t]);
            assertEquals(1, a.size());
            assertEquals(t, a.get(0).position());
            assertEquals(t + 1, a.get(0).keys(), "tokens arrived");
            assertArrayEquals(StreamData.row(expected, t), a.get(0).output(), TOL, "token " + t);
        }
    }

    @Property(tries = 100)
    void monotonic_and_mocha_streams_equal_their_batch_variants(@ForAll @IntRange(min = 1, max = 6) int n,
            @ForAll @IntRange(min = 1, max = 25) int m, @ForAll @IntRange(min = 1, max = 3) int chunk,
            @ForAll boolean mocha, @ForAll long seed) {
        Map<String, Object> v = mocha ? Map.of("chunk", chunk, "offset", 0.3) : Map.of("offset", 0.3);
        compareGlobal(mocha ? "mocha" : "monotonic", v, "dot", Map.of(), "softmax", Map.of(), n, m, 2, 2, seed,
                UpdateCost.ONLINE);
    }

    /** Queries arrive at random points among the keys; the answers after the last key must equal batch. */
    private static void compareGlobal(String variant, Map<String, Object> vp, String alignment, Map<String, Object> ap,
            String distribution, Map<String, Object> fp, int n, int m, int d, int dv, long seed, UpdateCost cost) {
        Random r = new Random(seed);
        double[][] q = StreamData.rows(r, n, d);
        double[][] k = StreamData.rows(r, m, d);
        double[][] v = StreamData.rows(r, m, dv);
        Pipeline p = StreamData.ENGINE.pipeline().variant(variant, vp).alignment(alignment, ap)
                .distribution(distribution, fp).seed(seed).width("queries", d).width("keys", d).width("values", dv)
                .build();
        Tensor expected = StreamData.batch(p, q, k, v);
        StreamSession s = StreamData.ENGINE.stream().variant(variant, vp).alignment(alignment, ap)
                .distribution(distribution, fp).seed(seed).open();
        assertEquals(cost, s.cost());
        int asked = 0;
        for (int j = 0; j < m; j++) {
            while (asked < n && r.nextInt(3) == 0) {
                s.query(q[asked++]);
            }
            s.append(k[j], v[j]);
        }
        while (asked < n) {
            s.query(q[asked++]);
        }
        s.end();
        for (int i = 0; i < n; i++) {
            StreamAnswer a = s.answer(i).orElseThrow();
            assertArrayEquals(StreamData.row(expected, i), a.output(), TOL, variant + " query " + i);
        }
    }
}
