package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.ConfigException;
import dev.attention.api.Tensor;
import dev.attention.train.fit.FitResult;
import dev.attention.train.fit.TrainingData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fit.train-mask} from a config: a bool .npy or a CSV column, one value per node. */
class TrainMaskJobTest {
    @TempDir
    Path dir;

    private Path boolNpy(String name, byte... values) throws IOException {
        String dict = "{'descr': '|b1', 'fortran_order': False, 'shape': (" + values.length + ",), }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        byte[] header = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, 0});
        out.write(header);
        out.write(values);
        Path f = dir.resolve(name);
        Files.write(f, out.toByteArray());
        return f;
    }

    private Path config(String mask) throws IOException {
        Files.writeString(dir.resolve("nodes.csv"), "x1,x2\n1,0\n0,1\n1,1\n0.5,-1\n");
        Files.writeString(dir.resolve("edges.csv"), "source,target\n0,1\n1,2\n2,3\n");
        Files.writeString(dir.resolve("labels.csv"), "y,train\n0,1\n1,0\n1,1\n0,0\n");
        Path c = dir.resolve("fit.yaml");
        Files.writeString(c, "name: g\npipeline: {variant: graph, alignment: gat, distribution: softmax}\n"
                + "inputs:\n  nodes: {file: nodes.csv, columns: [x1, x2]}\n"
                + "  edges: {file: edges.csv, columns: [source, target]}\n"
                + "fit:\n  loss: cross-entropy\n  head: {outputs: 2}\n  epochs: 3\n"
                + "  targets: {file: labels.csv, columns: [y]}\n  train-mask: " + mask + "\n");
        return c;
    }

    @Test
    void a_bool_npy_and_a_csv_column_give_the_same_mask_and_the_same_fit() throws IOException {
        boolNpy("train.npy", (byte) 1, (byte) 0, (byte) 1, (byte) 0);
        try (AttentionEngine engine = Attention.engine(EngineOptions.defaults().withThreads(1))) {
            Job fromNpy = engine.load(config("train.npy"));
            TrainingData data = engine.trainingData(fromNpy);
            assertEquals(Tensor.matrix(dev.attention.api.DType.FLOAT64, new double[] {1}, new double[] {0},
                    new double[] {1}, new double[] {0}), data.trainMask().orElseThrow());
            FitResult a = engine.fit(fromNpy);
            assertTrue(a.history().last().hasValidationAccuracy());
            FitResult b = engine.fit(engine.load(config("{file: labels.csv, columns: [train]}")));
            assertEquals(a.parameters(), b.parameters());
            assertEquals(a.history().last().validationLoss(), b.history().last().validationLoss(), 0);
        }
    }

    @Test
    void a_mask_value_other_than_0_or_1_is_one_line_at_the_key() throws IOException {
        Path c = config("{file: labels.csv, columns: [x]}");
        Files.writeString(dir.resolve("labels.csv"), "y,x\n0,1\n1,0.5\n1,1\n0,0\n");
        try (AttentionEngine engine = Attention.engine(EngineOptions.defaults().withThreads(1))) {
            Job job = engine.load(c);
            ConfigException e = assertThrows(ConfigException.class, () -> engine.fit(job));
            assertTrue(e.getMessage().contains("fit.train-mask"), e.getMessage());
            assertTrue(e.getMessage().contains("labels.csv: element 1 (row-major) is 0.5, neither 1 (train) nor 0"
                    + " (held out)"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }
}
