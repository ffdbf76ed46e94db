package dev.attention.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Session behaviour a user relies on: answers at any moment, numeric safety, refusals that say why. */
class StreamSessionTest {

    @Test
    void a_standing_query_is_answered_now_and_follows_the_keys_that_arrive() {
        StreamSession s = StreamData.ENGINE.stream().alignment("dot").open();
        StreamAnswer none = s.query(new double[] {1}).get(0);
        assertEquals(0, none.keys());
        s.append(new double[] {0}, new double[] {10});
        assertArrayEquals(new double[] {10}, s.answer(0).orElseThrow().output(), 1e-12);
        s.append(new double[] {Math.log(3)}, new double[] {20});
        // scores (0, ln 3) ⇒ weights (1/4, 3/4) ⇒ 2.5 + 15.
        assertArrayEquals(new double[] {17.5}, s.answer(0).orElseThrow().output(), 1e-12);
        List<StreamAnswer> end = s.end();
        assertTrue(end.get(0).last());
        assertThrows(AttentionException.class, () -> s.append(new double[] {0}, new double[] {0}));
    }

    @Test
    void the_online_softmax_survives_scores_far_beyond_exp_range() {
        StreamSession s = StreamData.ENGINE.stream().alignment("dot").open();
        s.query(new double[] {1});
        s.append(new double[] {-1000}, new double[] {1});
        s.append(new double[] {1000}, new double[] {2});
        s.append(new double[] {999}, new double[] {3});
        double e = Math.exp(-1);
        assertArrayEquals(new double[] {(2 + 3 * e) / (1 + e)}, s.end().get(0).output(), 1e-12);
    }

    @Test
    void without_kept_keys_a_query_sees_the_keys_after_it() {
        StreamSession s = StreamData.ENGINE.stream().alignment("dot").keepKeys(false).open();
        s.append(new double[] {5}, new double[] {100});
        s.query(new double[] {1});
        s.append(new double[] {0}, new double[] {10});
        StreamAnswer a = s.end().get(0);
        assertEquals(1, a.keys());
        assertArrayEquals(new double[] {10}, a.output(), 1e-12);
    }

    @Test
    void a_position_dependent_alignment_falls_back_to_rescoring() {
        StreamSession s = StreamData.ENGINE.stream().alignment("location", Map.of("max-positions", 8)).open();
        assertEquals(UpdateCost.RECOMPUTE, s.cost());
        assertTrue(s.describe().contains("rescored"), s.describe());
    }

    @Test
    void pipelines_without_a_stream_form_are_refused_with_the_reason() {
        ConfigException gumbel = assertThrows(ConfigException.class,
                () -> StreamData.ENGINE.stream().distribution("gumbel-softmax").open());
        assertTrue(gumbel.getMessage().contains("noise"), gumbel.getMessage());
        ConfigException self = assertThrows(ConfigException.class,
                () -> StreamData.ENGINE.stream().variant("self").open());
        assertTrue(self.getMessage().contains("causal: true"), self.getMessage());
        ConfigException hard = assertThrows(ConfigException.class,
                () -> StreamData.ENGINE.stream().variant("hard").open());
        assertTrue(hard.getMessage().contains("streams support"), hard.getMessage());
        ConfigException sparse = assertThrows(ConfigException.class,
                () -> StreamData.ENGINE.stream().distribution("sparsemax").keepKeys(false).open());
        assertTrue(sparse.getMessage().contains("online"), sparse.getMessage());
        assertThrows(ConfigException.class, () -> StreamData.ENGINE.stream().variant("self", Map.of("windw", 2)).open());
    }

    @Test
    void rows_of_the_wrong_width_or_not_finite_are_refused_and_the_stream_goes_on() {
        StreamSession s = StreamData.ENGINE.stream().open();
        s.append(new double[] {1, 2}, new double[] {3});
        AttentionException wide = assertThrows(AttentionException.class,
                () -> s.append(new double[] {1, 2, 3}, new double[] {3}));
        assertTrue(wide.getMessage().contains("earlier ones had 2"), wide.getMessage());
        assertThrows(AttentionException.class, () -> s.query(new double[] {Double.NaN, 0}));
        assertEquals(1, s.query(new double[] {0, 0}).get(0).keys());
        assertThrows(AttentionException.class, () -> s.token(new double[] {1, 2}));
    }

    @Test
    void a_causal_window_forgets_tokens_older_than_w() {
        StreamSession s = StreamData.ENGINE.stream().variant("self", Map.of("causal", true, "window", 2))
                .alignment("dot").open();
        s.token(new double[] {100});
        s.token(new double[] {0});
        // Token 2 sees tokens 1 and 2 only: values 0 and 0 despite token 0's huge value.
        assertArrayEquals(new double[] {0}, s.token(new double[] {0}).get(0).output(), 1e-12);
        assertThrows(AttentionException.class, () -> s.query(new double[] {1}));
    }

    @Test
    void a_config_file_opens_the_stream_of_its_pipeline() {
        StreamSession s = StreamData.ENGINE.stream(Path.of("../examples/stream/config.yaml"));
        assertEquals(UpdateCost.ONLINE, s.cost());
        assertTrue(s.describe().startsWith("global / scaled-dot / softmax"), s.describe());
    }
}
