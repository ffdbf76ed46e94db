package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Parameters;
import dev.attention.core.Attention;
import dev.attention.io.tensor.ParameterFiles;
import dev.attention.stream.StreamSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/monotonic-soft end to end: fit with the expected alignment, then the fitted model's hard
 * decisions (run, and a stream) against its soft argmax and the true alignment of the held-out pairs
 * (written by tools/make_monotonic_soft.py beside the targets).
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

        // A stream of the fitted pipeline decodes the first held-out pairs as the hard run does.
        Parameters parameters = ParameterFiles.read(fitted);
        List<double[]> keys = FitExamplesTest.rows(dir.resolve("test-source.csv"));   // seq, w0..w11, value
        List<double[]> queries = FitExamplesTest.rows(dir.resolve("test-target.csv"));  // seq, w0..w11
        for (int s = 0; s < 5; s++) {
            StreamSession session = Attention.engine().stream().variant("monotonic", Map.of("offset", 0.0))
                    .alignment("general").distribution("softmax").seed(3).parameters(parameters).open();
            for (int j = 0; j < SOURCE; j++) {
                double[] row = keys.get(s * SOURCE + j);
                session.append(Arrays.copyOfRange(row, 1, 1 + VOCAB), new double[] {row[1 + VOCAB]});
            }
            for (int i = 0; i < TARGET; i++) {
                session.query(Arrays.copyOfRange(queries.get(s * TARGET + i), 1, 1 + VOCAB));
            }
            session.end();
            double[] streamed = new double[TARGET];
            for (int i = 0; i < TARGET; i++) {
                streamed[i] = session.answer(i).orElseThrow().position();
            }
            assertArrayEquals(Arrays.copyOfRange(hard, s * TARGET, (s + 1) * TARGET), streamed, "pair " + s);
        }

        // The shipped fitted/ folder is what this fit writes (up to float rounding across JVMs).
        assertArrayEquals(ParameterFiles.read(dir.resolve("fitted/parameters.safetensors")).get("alignment.W")
                .toDoubleArray(), parameters.get("alignment.W").toDoubleArray(), 1e-9);
    }

    /** positions.csv's last column of {@code file} run with {@code parameters} (null: the plugins' defaults). */
    private double[] positions(Path dir, String file, Path parameters, String name) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(dir.resolve(file))) {
            if (!line.startsWith("parameters:")) {
                sb.append(line.replace("file: test-", "file: '" + dir.toAbsolutePath() + "/test-").replace(".csv,", ".csv',"))
                        .append('\n');
            } else if (parameters != null) {
                sb.append("parameters: '").append(parameters.toAbsolutePath()).append("'\n");
            }
        }
        Path config = Files.writeString(tmp.resolve(name + ".yaml"), sb.toString());
        Path out = tmp.resolve(name);
        Cli.Result r = Cli.run("run", config.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r::toString);
        return FitExamplesTest.rows(out.resolve("positions.csv")).stream().mapToDouble(row -> row[2]).toArray();
    }
}
