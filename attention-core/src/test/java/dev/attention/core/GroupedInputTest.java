package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows grouped by a {@code group:} column become padded {@code [G, maxLen, d]} tensors with lengths,
 * and global attention must not let the zero padding take part.
 */
class GroupedInputTest {
    @TempDir
    Path dir;

    @Test
    void groups_are_padded_with_lengths_and_the_padding_is_masked() throws IOException {
        // Group a: keys x = 1, 2 with values 10, 20 and one query x = 1.
        // Group b: one key x = 1 with value 30 and two queries x = 2, x = 0.
        Files.writeString(dir.resolve("train.csv"), "g,x,y\na,1,10\na,2,20\nb,1,30\n");
        Files.writeString(dir.resolve("test.csv"), "g,x\na,1\nb,2\nb,0\n");
        Path config = dir.resolve("job.yaml");
        Files.writeString(config, String.join("\n",
                "pipeline: {variant: global, alignment: dot, distribution: softmax}",
                "inputs:",
                "  keys:    {file: train.csv, columns: [x], group: g}",
                "  values:  {file: train.csv, columns: [y], group: g}",
                "  queries: {file: test.csv,  columns: [x], group: g}",
                ""));
        AttentionEngine engine = Attention.engine();
        Job job = engine.load(config);

        Tensor keys = job.inputs().tensor("keys");
        assertArrayEquals(new int[] {2, 2, 1}, keys.shape());
        // Group b's second key row is padding, filled with 0.
        assertArrayEquals(new double[] {1, 2, 1, 0}, keys.toDoubleArray());
        assertArrayEquals(new int[] {2, 1}, job.inputs().lengths("keys").orElseThrow());
        assertArrayEquals(new int[] {2, 1}, job.inputs().lengths("values").orElseThrow());
        assertArrayEquals(new int[] {2, 2, 1}, job.inputs().tensor("queries").shape());
        assertArrayEquals(new int[] {1, 2}, job.inputs().lengths("queries").orElseThrow());

        AttentionResult r = engine.run(job);
        double e = Math.E;
        // Group a, query 1: scores (1·1, 2·1) = (1, 2) → softmax (1, e)/(1 + e);
        //   output = (10 + 20e)/(1 + e). Its second query row is padding: no allowed key, zeros.
        // Group b: the only real key is x = 1 → weight 1 whatever the query, output 30.
        //   Unmasked, the padded key (score 0) would pull query x = 2 to 30·e²/(e² + 1) ≈ 26.4.
        assertArrayEquals(new int[] {2, 2, 1}, r.output().shape());
        assertArrayEquals(new double[] {(10 + 20 * e) / (1 + e), 0, 30, 30}, r.output().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {
            1 / (1 + e), e / (1 + e),
            0, 0,
            1, 0,
            1, 0}, r.weights().orElseThrow().toDoubleArray(), 1e-12);
        assertEquals(0.0, r.weights().orElseThrow().get(1, 0, 1), "a masked weight is exactly 0");
    }

    @Test
    void groups_are_matched_by_key_not_by_position() throws IOException {
        // Keys list groups a, b; queries list b, a. Pairing batch elements by position would let
        // group b's queries attend to group a's keys without any error.
        Files.writeString(dir.resolve("train.csv"), "g,x,y\na,1,10\nb,1,30\n");
        Files.writeString(dir.resolve("test.csv"), "g,x\nb,2\na,1\n");
        Path config = dir.resolve("job.yaml");
        Files.writeString(config, String.join("\n",
                "pipeline: {alignment: dot, distribution: softmax}",
                "inputs:",
                "  keys:    {file: train.csv, columns: [x], group: g}",
                "  values:  {file: train.csv, columns: [y], group: g}",
                "  queries: {file: test.csv,  columns: [x], group: g}",
                ""));
        ConfigException e = assertThrows(ConfigException.class, () -> Attention.engine().load(config));
        assertEquals(Optional.of("inputs.queries"), e.key());
        assertEquals(5, e.line());
        assertTrue(e.getMessage().contains("groups b, a"), e.getMessage());
        assertTrue(e.getMessage().contains("'keys' has groups a, b"), e.getMessage());
    }
}
