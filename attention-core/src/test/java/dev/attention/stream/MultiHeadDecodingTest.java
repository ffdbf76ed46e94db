package dev.attention.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Causal multi-head decoding with the variant's own KV cache (rotary, grouped-query heads, softcap,
 * biases, output projection, window) answers each token with that row of the batch forward pass over
 * the whole sequence; the batch pass runs on the fused kernel, the decoder head by head.
 */
class MultiHeadDecodingTest {
    private static final int D = 6;
    private static final int HEADS = 4;
    private static final int KV_HEADS = 2;
    private static final int HEAD_DIM = 4;

    /** Rotary with a query offset, GQA 4/2, head-dim 4 ≠ dim/heads, softcap; every bias non-zero. */
    private static Map<String, Object> rotaryGqa(int window) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("causal", true);
        v.put("heads", HEADS);
        v.put("kv-heads", KV_HEADS);
        v.put("head-dim", HEAD_DIM);
        v.put("softcap", 2.5);
        v.put("rope", true);
        v.put("rope-offset", 3);
        v.put("window", window);
        return v;
    }

    @Test
    void each_token_equals_its_row_of_the_batch_run_in_float64() {
        compare(rotaryGqa(0), DType.FLOAT64, 1e-9, 9, 11L);
    }

    @Test
    void a_sliding_window_and_partial_interleaved_rope_equal_the_batch_run() {
        Map<String, Object> v = rotaryGqa(3);
        v.put("rope-dims", 2);
        v.put("rope-layout", "interleaved");
        compare(v, DType.FLOAT64, 1e-9, 8, 12L);
    }

    /** PyTorch's appended bias key/value and zero key: every token sees them after its cached keys, as in the batch. */
    @Test
    void appended_bias_and_zero_keys_are_seen_by_every_token_as_in_the_batch_run() {
        Map<String, Object> v = rotaryGqa(3);
        v.remove("rope");
        v.remove("rope-offset");
        v.put("add-bias-kv", true);
        v.put("add-zero-attn", true);
        compare(v, DType.FLOAT64, 1e-9, 8, 13L);
        v.remove("add-zero-attn");
        v.put("window", 0);
        compare(v, DType.FLOAT64, 1e-9, 7, 14L);
    }

    /** ALiBi and added positions read the token's position t, not its row 0 in a one-row step. */
    @Test
    void alibi_and_sinusoidal_positions_equal_the_batch_run_also_in_a_window() {
        for (int window : new int[] {0, 3}) {
            Map<String, Object> v = rotaryGqa(window);
            v.put("alibi", true);
            v.put("positional", "sinusoidal");
            compare(v, DType.FLOAT64, 1e-9, 8, 14L + window);
        }
    }

    @Test
    void learned_positions_are_row_t_of_the_table_and_refused_past_it() {
        Map<String, Object> v = rotaryGqa(0);
        v.put("positional", "learned");
        v.put("max-length", 6);
        compare(v, DType.FLOAT64, 1e-9, 6, 15L);
        StreamSession s = StreamData.ENGINE.stream().variant("multi-head", v).open();
        for (int t = 0; t < 6; t++) {
            s.token(new double[D]);
        }
        AttentionException past = assertThrows(AttentionException.class, () -> s.token(new double[D]));
        assertTrue(past.getMessage().contains("raise max-length"), past.getMessage());
        assertEquals(6, s.cache().orElseThrow().tokens(), "the refused token did not enter the cache");
    }

    @Test
    void float32_decoding_agrees_with_the_float32_batch_run() {
        compare(rotaryGqa(0), DType.FLOAT32, 2e-5, 7, 13L);
    }

    /** Batch pipeline with random non-zero biases, the same values given to the stream; compared row by row. */
    private static void compare(Map<String, Object> variant, DType dtype, double tol, int n, long seed) {
        Random r = new Random(seed);
        double[][] x = StreamData.rows(r, n, D);
        Pipeline p = StreamData.ENGINE.pipeline().variant("multi-head", variant).dtype(dtype).width("sequence", D)
                .seed(seed).build();
        Parameters params = withRandomBiases(p.parameters(), r);
        p = p.withParameters(params);
        Tensor expected = StreamData.batchSelf(p, x);
        StreamSession s = StreamData.ENGINE.stream().variant("multi-head", variant).dtype(dtype).seed(seed)
                .parameters(params).open();
        assertTrue(s.describe().contains("the variant's own decoder"), s.describe());
        int window = (int) variant.get("window");
        for (int t = 0; t < n; t++) {
            List<StreamAnswer> a = s.token(x[t]);
            assertEquals(t, a.get(0).position());
            assertArrayEquals(StreamData.row(expected, t), a.get(0).output(), tol, "token " + t);
            int cached = window == 0 ? t + 1 : Math.min(t + 1, window);
            // kv-heads·d_head per token for keys and for values, not heads·d_head.
            assertEquals(new KvCache(cached, KV_HEADS * HEAD_DIM, KV_HEADS * HEAD_DIM), s.cache().orElseThrow());
        }
        assertEquals(window == 0 ? (long) n * 2 * KV_HEADS * HEAD_DIM : 3L * 2 * KV_HEADS * HEAD_DIM,
                s.cache().orElseThrow().numbers());
    }

    private static Parameters withRandomBiases(Parameters all, Random r) {
        Map<String, Tensor> m = new LinkedHashMap<>(all.asMap());
        for (String b : List.of("variant.b_q", "variant.b_k", "variant.b_v", "variant.b_o")) {
            Tensor t = all.get(b);
            double[] v = new double[t.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextDouble() - 0.5;
            }
            m.put(b, Tensor.of(t.dtype(), t.shape(), v));
        }
        return Parameters.of(m);
    }

    @Test
    void a_decoding_stream_takes_tokens_only_and_ends() {
        StreamSession s = StreamData.ENGINE.stream().variant("multi-head", Map.of("causal", true, "heads", 2)).open();
        assertTrue(s.cache().isEmpty(), "no cache before the first token");
        s.token(new double[] {1, 2});
        assertThrows(AttentionException.class, () -> s.query(new double[] {1, 2}));
        AttentionException wide = assertThrows(AttentionException.class, () -> s.token(new double[] {1, 2, 3}));
        assertTrue(wide.getMessage().contains("earlier ones had 2"), wide.getMessage());
        s.end();
        assertThrows(AttentionException.class, () -> s.token(new double[] {1, 2}));
    }

    @Test
    void multi_head_without_a_stream_form_is_refused_with_the_setting_to_change() {
        ConfigException notCausal = assertThrows(ConfigException.class,
                () -> StreamData.ENGINE.stream().variant("multi-head").open());
        assertTrue(notCausal.getMessage().contains("causal: true"), notCausal.getMessage());
        ConfigException cross = assertThrows(ConfigException.class, () -> StreamData.ENGINE.stream()
                .variant("multi-head", Map.of("causal", true, "inputs", "cross")).open());
        assertTrue(cross.getMessage().contains("inputs: self"), cross.getMessage());
        ConfigException location = assertThrows(ConfigException.class, () -> StreamData.ENGINE.stream()
                .variant("multi-head", Map.of("causal", true, "window", 2))
                .alignment("location", Map.of("max-positions", 8)).open());
        assertTrue(location.getMessage().contains("key position"), location.getMessage());
    }
}
