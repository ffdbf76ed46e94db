package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mask inputs from CSV and inline data, and where they are refused: lengths given twice. */
class MaskInputsTest {
    private static final AttentionEngine ENGINE = Attention.engine();
    private static final String PIPELINE = "pipeline: {variant: global, alignment: dot, distribution: softmax}\n";

    @TempDir
    Path dir;

    private Path config(String text) throws IOException {
        Files.writeString(dir.resolve("train.csv"), "doc,x,y\na,0,10\na,1,20\na,2,40\nb,1,5\nb,2,7\n");
        Path c = dir.resolve("config.yaml");
        Files.writeString(c, "name: t\n" + PIPELINE + text);
        return c;
    }

    @Test
    void an_inline_attention_mask_hides_the_key_hugging_face_marks_zero() throws IOException {
        Path c = config("inputs:\n  keys: {file: train.csv, columns: [x]}\n  values: {file: train.csv, columns: [y]}\n"
                + "  queries: {data: [[1]]}\n  attention_mask: {data: [[1, 0, 1, 1, 1]]}\n");
        AttentionResult r = ENGINE.run(ENGINE.load(c));
        Tensor w = r.weights().orElseThrow();
        // q = 1 scores keys 0, 1, 2, 1, 2 by qᵀk; key 1 is hidden ⇒ softmax over 0, 2, 1, 2.
        double total = 1 + Math.exp(2) + Math.exp(1) + Math.exp(2);
        assertEquals(0.0, w.get(0, 1));
        assertEquals(1 / total, w.get(0, 0), 1e-12);
        assertEquals((10 + 40 * Math.exp(2) + 5 * Math.exp(1) + 7 * Math.exp(2)) / total, r.output().get(0, 0), 1e-12);
    }

    @Test
    void fitting_carries_the_key_mask_into_its_training_data() throws IOException {
        Path c = config("inputs:\n  keys: {file: train.csv, columns: [x]}\n  values: {file: train.csv, columns: [y]}\n"
                + "  queries: {file: train.csv, columns: [x]}\n  key_padding_mask: {data: [[0, 1, 0, 0, 0]]}\n"
                + "fit: {loss: mse, optimizer: {id: adam, lr: 0.05}, epochs: 1, targets: {file: train.csv, columns: [y]}}\n");
        boolean[] keep = ENGINE.trainingData(ENGINE.load(c)).inputs().keyMask().orElseThrow();
        assertTrue(java.util.Arrays.equals(new boolean[] {true, false, true, true, true}, keep),
                java.util.Arrays.toString(keep));
    }

    @Test
    void lengths_from_group_and_from_key_lengths_are_refused_together() throws IOException {
        Path c = config("inputs:\n  keys: {file: train.csv, columns: [x], group: doc}\n"
                + "  values: {file: train.csv, columns: [y], group: doc}\n  queries: {data: [[1]]}\n"
                + "  key_lengths: {data: [[3], [2]]}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ENGINE.load(c));
        assertTrue(e.getMessage().contains("inputs.key_lengths: 'keys' already has lengths from its group: column"),
                e.getMessage());
    }
}
