package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attention.api.Tensor;
import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import dev.attention.core.Job;
import dev.attention.train.fit.FitResult;
import dev.attention.io.tensor.ParameterFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attention fit}: files, save → load → run, determinism and strict config errors. */
class FitCommandTest {
    @TempDir
    Path tmp;

    private Path config(String fit) throws IOException {
        Files.copy(FitExamplesTest.example("kernel-regression").resolve("train.csv"), tmp.resolve("train.csv"));
        return Files.writeString(tmp.resolve("fit.yaml"), String.join("\n",
                "name: loo",
                "pipeline: {variant: global, alignment: gaussian, distribution: softmax}",
                "inputs:",
                "  keys: {file: train.csv, columns: [x]}",
                "  values: {file: train.csv, columns: [y]}",
                "  queries: {file: train.csv, columns: [x]}",
                "fit:",
                fit,
                "  targets: {file: train.csv, columns: [y]}", ""));
    }

    @Test
    void fit_writes_training_and_parameters_and_run_reproduces_the_fitted_outputs_exactly() throws IOException {
        Path config = config("  epochs: 20\n  batch-size: 16\n  validation-split: 0.2\n  leave-one-out: true\n"
                + "  optimizer: {id: sgd, lr: 0.5, momentum: 0.9}\n  schedule: {id: cosine, min-lr: 0.01}\n"
                + "  clip-norm: 1.0");
        Cli.Result r = Cli.run("fit", config.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("alignment.log_sigma = ") && r.out().contains("wrote "), r.out());

        JsonNode training = new ObjectMapper().readTree(tmp.resolve("out/training.json").toFile());
        assertEquals(20, training.get("history").size());
        assertTrue(training.get("history").get(0).get("validation_loss").isNumber());
        assertEquals(0.5, training.get("history").get(0).get("lr").asDouble(), 1e-15);

        // In process: the same config fitted by the engine gives the same parameters, bit for bit.
        AttentionEngine engine = Attention.engine();
        Job job = engine.load(config);
        FitResult fitted = engine.fit(job);
        assertEquals(fitted.parameters(), ParameterFiles.read(tmp.resolve("out/parameters.safetensors")));
        assertTrue(Files.isRegularFile(tmp.resolve("out/checkpoint.safetensors")));

        // save → load → run: a config naming the file reproduces the fitted pipeline's output exactly.
        String run = Files.readString(config).replaceAll("(?s)fit:.*", "")
                + "parameters: out/parameters.safetensors\n";
        Path runConfig = Files.writeString(tmp.resolve("run.yaml"), run);
        Cli.Result ran = Cli.run("run", runConfig.toString(), "--out", tmp.resolve("ran").toString());
        assertEquals(0, ran.code(), ran::toString);
        Tensor expected = fitted.predict(job.inputs());
        List<double[]> rows = FitExamplesTest.rows(tmp.resolve("ran/output.csv"));
        double[] got = rows.stream().mapToDouble(row -> row[1]).toArray();
        assertArrayEquals(expected.toDoubleArray(), got);
    }

    @Test
    void resuming_from_a_checkpoint_gives_the_files_of_one_uninterrupted_fit() throws IOException {
        String settings = "  batch-size: 16\n  validation-split: 0.2\n  leave-one-out: true\n"
                + "  optimizer: {id: adam, lr: 0.05}\n  early-stopping: {patience: 50}";
        Path whole = config("  epochs: 12\n" + settings);
        assertEquals(0, Cli.run("fit", whole.toString(), "--out", tmp.resolve("whole").toString()).code());
        Path part = Files.writeString(tmp.resolve("part.yaml"), Files.readString(whole).replace("epochs: 12",
                "epochs: 5"));
        assertEquals(0, Cli.run("fit", part.toString(), "--out", tmp.resolve("part").toString()).code());

        Cli.Result r = Cli.run("fit", whole.toString(), "--resume", tmp.resolve("part/checkpoint.safetensors")
                .toString(), "--out", tmp.resolve("resumed").toString());
        assertEquals(0, r.code(), r::toString);
        for (String f : List.of("parameters.safetensors", "checkpoint.safetensors", "training.json")) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("whole").resolve(f)),
                    Files.readAllBytes(tmp.resolve("resumed").resolve(f)), f);
        }
    }

    @Test
    void resuming_past_the_epochs_or_from_a_parameters_file_is_one_line() throws IOException {
        Path config = config("  epochs: 3");
        assertEquals(0, Cli.run("fit", config.toString(), "--out", tmp.resolve("out").toString()).code());
        Cli.Result done = Cli.run("fit", config.toString(), "--resume",
                tmp.resolve("out/checkpoint.safetensors").toString());
        assertEquals(1, done.code(), done::toString);
        assertTrue(done.err().contains("at epoch 3 but fit.epochs is 3"), done.err());
        Cli.Result notOne = Cli.run("fit", config.toString(), "--resume",
                tmp.resolve("out/parameters.safetensors").toString());
        assertEquals(1, notOne.code(), notOne::toString);
        assertTrue(notOne.err().contains("parameters.safetensors") && notOne.err().contains("not a checkpoint"),
                notOne.err());
        assertEquals(1, notOne.errLines().size(), notOne.err());
    }

    @Test
    void an_unknown_fit_key_names_the_nearest() throws IOException {
        Path config = config("  epoch: 5");
        Cli.Result r = Cli.run("fit", config.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("fit.epoch") && r.err().contains("did you mean 'epochs'"), r.err());
        assertEquals(1, r.errLines().size(), r.err());
    }

    @Test
    void an_unknown_optimizer_and_a_bad_learning_rate_point_at_their_keys() throws IOException {
        Cli.Result r = Cli.run("fit", config("  optimizer: {id: adamw}").toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("did you mean 'adam'"), r.err());
        Files.delete(tmp.resolve("train.csv"));
        Cli.Result lr = Cli.run("fit", config("  optimizer: {id: adam, lr: -1}").toString());
        assertEquals(1, lr.code(), lr::toString);
        assertTrue(lr.err().contains("fit.optimizer") && lr.err().contains("lr must be"), lr.err());
    }

    @Test
    void a_config_without_fit_section_is_bad_input() {
        Cli.Result r = Cli.run("fit", Cli.seedExample("config.yaml").toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("no 'fit:' section"), r.err());
    }
}
