package dev.attention.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Synthetic simultaneous-translation data: keys and queries are drawn from a shared codebook of
 * random unit vectors, and for each query exactly one key after the previous query's key carries the
 * query's code. With dot energy and offset −0.5 (same code ≈ 1, different codes ≈ 0) monotonic
 * attention must attend to exactly those keys, in order, in the stream and in the batch variant.
 */
class MonotonicCodebookTest {
    private static final int CODES = 12;
    private static final int D = 64;
    private static final int QUERIES = 30;

    private final Random random = new Random(2017);
    private final double[][] codebook = codebook();
    private final List<double[]> keys = new ArrayList<>();
    private final List<double[]> values = new ArrayList<>();
    private final double[][] queries = new double[QUERIES][];
    private final int[] targets = new int[QUERIES];

    MonotonicCodebookTest() {
        int previous = -1;
        for (int i = 0; i < QUERIES; i++) {
            int code;
            do {
                code = random.nextInt(CODES);
            } while (i > 0 && code == codeOf(queries[i - 1]));
            queries[i] = codebook[code];
            // Filler keys never carry the query's code, so the first match is the planted one.
            for (int gap = random.nextInt(4); gap > 0; gap--) {
                int filler;
                do {
                    filler = random.nextInt(CODES);
                } while (filler == code);
                addKey(filler);
            }
            targets[i] = keys.size();
            addKey(code);
            assertTrue(targets[i] > previous);
            previous = targets[i];
        }
        for (int tail = 0; tail < 5; tail++) {
            addKey(random.nextInt(CODES));
        }
    }

    @Test
    void the_stream_answers_each_query_with_its_planted_key_as_soon_as_it_arrives() {
        StreamSession s = StreamData.ENGINE.stream().variant("monotonic", Map.of("offset", -0.5)).alignment("dot")
                .open();
        for (double[] q : queries) {
            assertEquals(List.of(), s.query(q), "no key has arrived yet for a fresh query");
        }
        int answered = 0;
        for (int j = 0; j < keys.size(); j++) {
            List<StreamAnswer> ready = s.append(keys.get(j), values.get(j));
            for (StreamAnswer a : ready) {
                assertEquals(answered, a.query(), "answers come in query order");
                assertEquals(targets[answered], a.position());
                assertEquals(j, a.position(), "answered the moment its key arrives");
                assertArrayEquals(values.get(targets[answered]), a.output(), 0);
                answered++;
            }
        }
        assertEquals(QUERIES, answered);
        assertEquals(List.of(), s.end());
    }

    @Test
    void the_batch_variant_attends_to_exactly_the_planted_keys_in_order() {
        AttentionInputs in = AttentionInputs.builder().put("queries", StreamData.tensor(queries, D))
                .put("keys", StreamData.tensor(keys.toArray(new double[0][]), D))
                .put("values", StreamData.tensor(values.toArray(new double[0][]), 1)).build();
        Pipeline p = StreamData.ENGINE.pipeline().variant("monotonic", Map.of("offset", -0.5)).alignment("dot").build();
        AttentionResult r = p.run(in);
        for (int i = 0; i < QUERIES; i++) {
            assertEquals(targets[i], r.get("positions").get(i, 0), "query " + i);
            assertEquals(values.get(targets[i])[0], r.output().get(i, 0));
        }
    }

    @Test
    void a_query_no_key_fires_for_gets_a_zero_context_when_the_stream_ends() {
        StreamSession s = StreamData.ENGINE.stream().variant("mocha", Map.of("offset", -0.5, "chunk", 3))
                .alignment("dot").open();
        s.append(codebook[0], new double[] {5});
        s.query(codebook[1]);
        s.append(codebook[2], new double[] {7});
        List<StreamAnswer> end = s.end();
        assertEquals(1, end.size());
        assertEquals(-1, end.get(0).position());
        assertArrayEquals(new double[] {0}, end.get(0).output());
    }

    private void addKey(int code) {
        keys.add(codebook[code]);
        values.add(new double[] {keys.size() * 10.0 + code});
    }

    private int codeOf(double[] q) {
        for (int c = 0; c < CODES; c++) {
            if (codebook[c] == q) {
                return c;
            }
        }
        throw new IllegalStateException();
    }

    /** Random unit vectors in 64 dimensions: cross dot products are ≈ N(0, 1/64), far below 0.5. */
    private double[][] codebook() {
        double[][] c = new double[CODES][D];
        for (double[] row : c) {
            double norm = 0;
            for (int k = 0; k < D; k++) {
                row[k] = random.nextGaussian();
                norm += row[k] * row[k];
            }
            for (int k = 0; k < D; k++) {
                row[k] /= Math.sqrt(norm);
            }
        }
        for (int a = 0; a < CODES; a++) {
            for (int b = 0; b < a; b++) {
                double dot = 0;
                for (int k = 0; k < D; k++) {
                    dot += c[a][k] * c[b][k];
                }
                assertTrue(Math.abs(dot) < 0.5, "codes " + a + " and " + b + " are distinguishable");
            }
        }
        return c;
    }
}
