package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attention.io.tensor.ParameterFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/monotonic-soft end to end: fit with the expected alignment, then the fitted model's hard
 * decisions (run, and attention stream) against its soft argmax and the true alignment of the held-out
 * pairs (written by tools/make_monotonic_soft.py beside the targets).
 */
class MonotonicSoftExampleTest {
    private static final int SOURCE = 8;
    private static final int TARGET = 6;
    private static final int VOCAB = 12;

    @TempDir
    Path tmp;

    @Test
    void the_fitted_models_hard_decisions_agree_with_its_soft_argmax_and_find_the_alignment() throws IOException {
        Path dir = FitExamplesTest.example("monotonic-soft");
        Cli.Result fit = Cli.run("fit", dir.resolve("fit.yaml").toString(), "--out", tmp.resolve("fit").toString());
        assertEquals(0, fit.code(), fit::toString);
        Path fitted = tmp.resolve("fit/parameters.safetensors");

        double[] hard = positions(dir, "predict.yaml", fitted, "hard");
        double[] soft = positions(dir, "predict-soft.yaml", fitted, "soft");
        List<double[]> truth = FitExamplesTest.rows(dir.resolve("test-targets.csv"));   // seq, position, target, source
        assertEquals(truth.size(), hard.length);
        int agree = 0;
        int correct = 0;
        for (int s = 0; s < hard.length; s++) {
            agree += hard[s] == soft[s] ? 1 : 0;
            correct += hard[s] == truth.get(s)[3] ? 1 : 0;
        }
        double agreement = (double) agree / hard.length;
        double accuracy = (double) correct / hard.length;
        assertTrue(agreement >= 0.9, "hard decisions agree with the soft argmax on " + agreement + " of the steps");
        assertTrue(accuracy >= 0.9, "hard decisions find the true source position on " + accuracy + " of the steps");

        // Before fitting, the two passes disagree often: the agreement is learned.
        double[] hardBefore = positions(dir, "predict.yaml", null, "hard-default");
        double[] softBefore = positions(dir, "predict-soft.yaml", null, "soft-default");
        int agreeBefore = 0;
        for (int s = 0; s < hardBefore.length; s++) {
            agreeBefore += hardBefore[s] == softBefore[s] ? 1 : 0;
        }
        assertTrue(agreeBefore < 0.9 * hardBefore.length, "agreement before fitting " + agreeBefore);

        // attention stream on predict.yaml (its parameters: file, the fitted values) decodes the first
        // held-out pairs as the hard run does.
        Path streamConfig = config(dir, "predict.yaml", fitted, "stream");
        List<double[]> keys = FitExamplesTest.rows(dir.resolve("test-source.csv"));   // seq, w0..w11, value
        List<double[]> queries = FitExamplesTest.rows(dir.resolve("test-target.csv"));  // seq, w0..w11
        ObjectMapper json = new ObjectMapper();
        for (int s = 0; s < 5; s++) {
            StringBuilder lines = new StringBuilder();
            for (int j = 0; j < SOURCE; j++) {
                double[] row = keys.get(s * SOURCE + j);
                lines.append("{\"key\":").append(Arrays.toString(Arrays.copyOfRange(row, 1, 1 + VOCAB)))
                        .append(",\"value\":[").append(row[1 + VOCAB]).append("]}\n");
            }
            for (int i = 0; i < TARGET; i++) {
                lines.append("{\"query\":").append(Arrays.toString(Arrays.copyOfRange(queries.get(s * TARGET + i), 1,
                        1 + VOCAB))).append("}\n");
            }
            lines.append("{\"end\":true}\n");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"stream", streamConfig.toString()},
                    new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)), new PrintWriter(out, true),
                    new PrintWriter(err, true));
            assertEquals(0, code, err::toString);
            double[] streamed = new double[TARGET];
            for (String line : out.toString().lines().toList()) {
                JsonNode answer = json.readTree(line);
                streamed[answer.get("query").asInt()] = answer.get("position").asInt();
            }
            assertArrayEquals(Arrays.copyOfRange(hard, s * TARGET, (s + 1) * TARGET), streamed, "pair " + s);
        }

        // The shipped fitted/ folder is what this fit writes (up to float rounding across JVMs).
        assertArrayEquals(ParameterFiles.read(dir.resolve("fitted/parameters.safetensors")).get("alignment.W")
                .toDoubleArray(), ParameterFiles.read(fitted).get("alignment.W").toDoubleArray(), 1e-9);
    }

    @Test
    void a_stream_refuses_a_parameters_file_with_a_fitted_head_in_one_line() throws IOException {
        Path withHead = FitExamplesTest.example("which-element-matters").resolve("fitted/parameters.safetensors");
        Path config = Files.writeString(tmp.resolve("head.yaml"), "name: head\npipeline: {variant: global, alignment:"
                + " dot, distribution: softmax}\nparameters: '" + withHead + "'\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"stream", config.toString()}, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(1, code, err::toString);
        assertEquals(1, err.toString().lines().count(), err::toString);
        assertTrue(err.toString().contains("head.yaml") && err.toString().contains("fitted head"), err::toString);
    }

    /** positions.csv's last column of {@code file} run with {@code parameters} (null: the plugins' defaults). */
    private double[] positions(Path dir, String file, Path parameters, String name) throws IOException {
        Path out = tmp.resolve(name);
        Cli.Result r = Cli.run("run", config(dir, file, parameters, name).toString(), "--out", out.toString());
        assertEquals(0, r.code(), r::toString);
        return FitExamplesTest.rows(out.resolve("positions.csv")).stream().mapToDouble(row -> row[2]).toArray();
    }

    /** A copy of {@code file} reading the example's data, with {@code parameters} (null: none). */
    private Path config(Path dir, String file, Path parameters, String name) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(dir.resolve(file))) {
            if (!line.startsWith("parameters:")) {
                sb.append(line.replace("file: test-", "file: '" + dir.toAbsolutePath() + "/test-").replace(".csv,", ".csv',"))
                        .append('\n');
            } else if (parameters != null) {
                sb.append("parameters: '").append(parameters.toAbsolutePath()).append("'\n");
            }
        }
        return Files.writeString(tmp.resolve(name + ".yaml"), sb.toString());
    }
}
