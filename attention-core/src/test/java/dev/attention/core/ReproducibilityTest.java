package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.attention.api.AttentionResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same configuration and seed ⇒ bit-identical results, even from independent engines. */
class ReproducibilityTest {
    @TempDir
    Path dir;

    @Test
    void two_engines_loading_one_config_give_bit_identical_results() throws IOException {
        Path config = dir.resolve("job.yaml");
        Files.writeString(config, String.join("\n",
                "seed: 3",
                "dtype: float32",
                "pipeline:",
                "  alignment: {id: cosine}",
                "  distribution: {id: softmax, temperature: 0.3}",
                "inputs:",
                "  queries: {data: [[0.1, 0.2, 0.3], [-1.5, 0.25, 2.0]]}",
                "  keys: {data: [[1.0, 0.0, 0.5], [0.3, 0.3, -0.3], [2.0, 1.0, 0.1], [0.0, -1.0, 1.0]]}",
                "  values: {data: [[1.0, 0.1], [2.0, 0.2], [3.0, 0.3], [4.0, 0.4]]}",
                ""));
        AttentionEngine first = Attention.engine();
        AttentionEngine second = Attention.engine();
        assertNotSame(first, second);
        AttentionResult a = first.run(first.load(config));
        AttentionResult b = second.run(second.load(config));
        assertEquals(a.output(), b.output());
        assertEquals(a.weights(), b.weights());
    }
}
