package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attention.train.fit.ParametersFile;
import dev.attention.io.tensor.ParameterFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped fitting examples, end to end through the CLI: fit into a temporary folder, then
 * predict the held-out data with the fitted parameters.
 */
class FitExamplesTest {
    @TempDir
    Path tmp;

    @Test
    void kernel_regression_fitted_width_beats_the_default_on_the_test_points() throws IOException {
        Path dir = example("kernel-regression");
        Cli.Result fit = Cli.run("fit", dir.resolve("fit.yaml").toString(), "--out", tmp.resolve("fit").toString());
        assertEquals(0, fit.code(), fit::toString);
        assertEquals("", fit.systemErr(), "nothing logged unless verbose: " + fit);

        List<double[]> test = rows(dir.resolve("test.csv"));
        double fitted = mse(predict(dir, tmp.resolve("fit/parameters.safetensors")), test);
        double byDefault = mse(predict(dir, null), test);
        assertTrue(fitted <= 0.8 * byDefault, "fitted " + fitted + " vs default σ = 1: " + byDefault);
        assertTrue(fitted <= 0.5, "fitted test MSE " + fitted);
        // The shipped fitted/ folder is what this fit writes (up to float rounding across JVMs).
        double sigma = ParameterFiles.read(tmp.resolve("fit/parameters.safetensors")).get("alignment.log_sigma").at(0);
        double shipped = ParameterFiles.read(dir.resolve("fitted/parameters.safetensors")).get("alignment.log_sigma").at(0);
        assertEquals(shipped, sigma, 1e-9);
    }

    @Test
    void which_element_matters_pooling_finds_the_marked_vector() throws IOException {
        Path dir = example("which-element-matters");
        long start = System.nanoTime();
        Cli.Result fit = Cli.run("fit", dir.resolve("fit.yaml").toString(), "--out", tmp.resolve("fit").toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, fit.code(), fit::toString);
        assertTrue(seconds < 60, "fit took " + seconds + " s");

        Path config = configWith(dir, "predict.yaml", tmp.resolve("fit/parameters.safetensors"), tmp);
        Cli.Result run = Cli.run("run", config.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(0, run.code(), run::toString);
        List<double[]> labels = rows(dir.resolve("test-labels.csv"));
        List<double[]> logits = rows(tmp.resolve("run/prediction.csv"));
        List<double[]> weights = rows(tmp.resolve("run/weights.csv"));
        int correct = 0;
        double marked = 0;
        for (int s = 0; s < labels.size(); s++) {
            double[] l = logits.get(s);
            int predicted = l[3] > l[2] ? 1 : 0;     // columns: batch, query, class 0, class 1
            correct += predicted == (int) labels.get(s)[2] ? 1 : 0;
            marked += weights.get(s)[2 + (int) labels.get(s)[1]];
        }
        double accuracy = (double) correct / labels.size();
        double meanMarkedWeight = marked / labels.size();
        assertTrue(accuracy >= 0.95, "held-out accuracy " + accuracy);
        assertTrue(meanMarkedWeight >= 0.9, "mean weight on the marked position " + meanMarkedWeight);
    }

    @Test
    void multi_head_self_attention_learns_to_copy_the_marked_value() throws IOException {
        Path dir = example("multi-head-fit");
        Cli.Result fit = Cli.run("fit", dir.resolve("fit.yaml").toString(), "--out", tmp.resolve("fit").toString());
        assertEquals(0, fit.code(), fit::toString);

        JsonNode history = new ObjectMapper().readTree(tmp.resolve("fit/training.json").toFile()).get("history");
        int epochs = history.size();
        assertTrue(epochs >= 10, "epochs run: " + epochs);
        double first = 0;
        double last = 0;
        for (int e = 0; e < 5; e++) {
            first += history.get(e).get("train_loss").asDouble() / 5;
            last += history.get(epochs - 1 - e).get("train_loss").asDouble() / 5;
        }
        assertTrue(last <= 0.5 * first, "mean loss of the last 5 epochs " + last + " vs the first 5: " + first);

        // Held out: ignoring the marker, the best guess (the sequence mean) has expected MSE 0.875.
        Path config = configWith(dir, "predict.yaml", tmp.resolve("fit/parameters.safetensors"), tmp);
        Cli.Result run = Cli.run("run", config.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(0, run.code(), run::toString);
        List<double[]> predicted = rows(tmp.resolve("run/prediction.csv"));  // batch, query, prediction_0
        List<double[]> targets = rows(dir.resolve("test-targets.csv"));       // seq, position, target
        assertEquals(targets.size(), predicted.size());
        double sse = 0;
        for (int r = 0; r < targets.size(); r++) {
            double d = predicted.get(r)[2] - targets.get(r)[2];
            sse += d * d;
        }
        double testMse = sse / targets.size();
        assertTrue(testMse <= 0.2, "held-out MSE " + testMse + " (the sequence mean gives 0.875)");
    }

    @Test
    void entmax_alpha_is_learned_back_from_targets_made_with_alpha_one_point_eight() throws IOException {
        Path dir = example("entmax-alpha");
        Cli.Result fit = Cli.run("fit", dir.resolve("fit.yaml").toString(), "--out", tmp.resolve("fit").toString());
        assertEquals(0, fit.code(), fit::toString);
        // α = 1 + (alpha-max − 1)·σ(a) with alpha-max 2; it starts at 1.2 and the data were made with 1.8.
        double a = ParameterFiles.read(tmp.resolve("fit/parameters.safetensors")).get("distribution.alpha_logit").at(0);
        double alpha = 1 + 1 / (1 + Math.exp(-a));
        assertEquals(1.8, alpha, 0.01, "fitted α");
        double shipped = ParameterFiles.read(dir.resolve("fitted/parameters.safetensors"))
                .get("distribution.alpha_logit").at(0);
        assertEquals(shipped, a, 1e-9, "the shipped fitted/ folder is what this fit writes");

        List<double[]> test = rows(dir.resolve("test.csv"));                 // q1, q2, y
        double fitted = 0;
        double start = 0;
        List<double[]> withFitted = predict(dir, tmp.resolve("fit/parameters.safetensors"));   // query, y
        List<double[]> withStart = predict(dir, null);
        for (int i = 0; i < test.size(); i++) {
            fitted += Math.pow(withFitted.get(i)[1] - test.get(i)[2], 2) / test.size();
            start += Math.pow(withStart.get(i)[1] - test.get(i)[2], 2) / test.size();
        }
        assertTrue(fitted < 1e-4, "held-out MSE with the fitted α " + fitted);
        assertTrue(start > 0.05, "held-out MSE with the starting α = 1.2 " + start);
    }

    /** Output of predict.yaml, with {@code parameters} (null = the plugins' defaults). */
    private List<double[]> predict(Path dir, Path parameters) throws IOException {
        Path config = configWith(dir, "predict.yaml", parameters, tmp);
        Path out = tmp.resolve(parameters == null ? "default" : "fitted");
        Cli.Result r = Cli.run("run", config.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r::toString);
        return rows(out.resolve("output.csv"));
    }

    /** A copy of {@code file} and the example's CSVs in {@code into}, with another (or no) parameters: line. */
    private static Path configWith(Path dir, String file, Path parameters, Path into) throws IOException {
        try (var csvs = Files.list(dir)) {
            for (Path csv : csvs.filter(f -> f.toString().endsWith(".csv")).toList()) {
                Files.copy(csv, into.resolve(csv.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(dir.resolve(file))) {
            if (!line.startsWith("parameters:")) {
                sb.append(line).append('\n');
            } else if (parameters != null) {
                sb.append("parameters: '").append(parameters.toAbsolutePath()).append("'\n");
            }
        }
        return Files.writeString(into.resolve((parameters == null ? "default-" : "fitted-") + file), sb.toString());
    }

    private static double mse(List<double[]> output, List<double[]> test) {
        double s = 0;
        for (int i = 0; i < test.size(); i++) {
            double d = output.get(i)[1] - test.get(i)[1];    // output: query, y; test: x, y, y_true
            s += d * d;
        }
        return s / test.size();
    }

    @Test
    void karate_club_graph_attention_labels_the_held_out_members_from_four() throws IOException {
        Path dir = example("graph-karate");
        Cli.Result fit = Cli.run("fit", dir.resolve("fit.yaml").toString(), "--out", tmp.resolve("fit").toString());
        assertEquals(0, fit.code(), fit::toString);
        assertTrue(fit.out().contains("validation accuracy 0.9333"), fit.out());
        JsonNode training = new ObjectMapper().readTree(tmp.resolve("fit/training.json").toFile());
        double reported = training.get("final_validation_accuracy").doubleValue();

        // Predict every member with the fitted parameters; score the 30 held-out ones by hand.
        for (String f : List.of("nodes.npy", "edges.npy", "predict.yaml")) {
            Files.copy(dir.resolve(f), tmp.resolve(f));
        }
        Files.createDirectories(tmp.resolve("fitted"));
        Files.copy(tmp.resolve("fit/parameters.safetensors"), tmp.resolve("fitted/parameters.safetensors"));
        Cli.Result run = Cli.run("run", tmp.resolve("predict.yaml").toString(), "--out", tmp.resolve("run").toString());
        assertEquals(0, run.code(), run::toString);
        List<double[]> logits = rows(tmp.resolve("run/prediction.csv"));          // node, logit 0, logit 1
        List<String> labels = Files.readAllLines(dir.resolve("labels.csv"));      // node, club, faction, train
        int heldOut = 0;
        int correct = 0;
        for (int i = 0; i < 34; i++) {
            String[] cells = labels.get(i + 1).split(",");
            if (cells[3].equals("0")) {
                heldOut++;
                int predicted = logits.get(i)[2] > logits.get(i)[1] ? 1 : 0;
                correct += predicted == Integer.parseInt(cells[2]) ? 1 : 0;
            }
        }
        assertEquals(30, heldOut);
        assertEquals(28, correct, "held-out members right");
        assertEquals(correct / 30.0, reported, 1e-12);
        // The shipped fitted/ folder is what this fit writes (up to float rounding across JVMs).
        var shipped = ParameterFiles.read(dir.resolve("fitted/parameters.safetensors")).get("head.weight");
        var fitted = ParameterFiles.read(tmp.resolve("fit/parameters.safetensors")).get("head.weight");
        for (int k = 0; k < shipped.size(); k++) {
            assertEquals(shipped.at(k), fitted.at(k), 1e-4);
        }
    }

    static Path example(String name) {
        return Path.of("..", "examples", name).toAbsolutePath().normalize();
    }

    static List<double[]> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        return lines.subList(1, lines.size()).stream()
                .map(l -> java.util.Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray()).toList();
    }
}
