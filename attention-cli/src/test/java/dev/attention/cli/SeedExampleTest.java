package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped seed example, run end to end through the CLI and checked against hand computations. */
class SeedExampleTest {
    // The data of examples/seed-figure-1, written out here so the expectations do not come from the
    // code under test: train.csv (x, y) and test.csv (x).
    private static final double[] TRAIN_X = {1, 2, 3, 4};
    private static final double[] TRAIN_Y = {2, 4, 5, 8};
    private static final double[] TEST_X = {1.5, 2.5, 3.5};

    @TempDir
    Path tmp;

    @Test
    void dot_normalize_predicts_the_x_weighted_mean_of_y_for_every_query() throws IOException {
        Cli.Result r = Cli.run("run", Cli.seedExample("config.yaml").toString(), "--out", tmp.resolve("out").toString());

        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err(), r::toString);
        assertEquals("", r.systemErr(), "nothing logged on success: " + r);
        // Weight of training row i for query q: x_i q / Σ_j x_j q = x_i / Σ_j x_j (q cancels)
        //   = 1/10, 2/10, 3/10, 4/10.
        // Prediction: Σ_i w_i y_i = (1·2 + 2·4 + 3·5 + 4·8) / 10 = 57 / 10 = 5.7, the same for every query.
        List<String[]> output = csv(tmp.resolve("out").resolve("output.csv"));
        assertArrayEquals(new String[] {"query", "y"}, output.get(0));
        assertEquals(3, output.size() - 1, "one row per query");
        for (int i = 1; i < output.size(); i++) {
            assertEquals(String.valueOf(i - 1), output.get(i)[0]);
            assertEquals(5.7, Double.parseDouble(output.get(i)[1]), 1e-12, "query " + (i - 1));
        }
        List<String[]> weights = csv(tmp.resolve("out").resolve("weights.csv"));
        assertArrayEquals(new String[] {"query", "key_0", "key_1", "key_2", "key_3"}, weights.get(0));
        assertEquals(3, weights.size() - 1, "one row per query");
        for (int i = 1; i < weights.size(); i++) {
            double[] w = Arrays.stream(weights.get(i), 1, 5).mapToDouble(Double::parseDouble).toArray();
            assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4}, w, 1e-12, "query " + (i - 1));
        }
    }

    @Test
    void scaled_dot_softmax_matches_an_independent_re_derivation() throws IOException {
        Cli.Result r = Cli.run("run", Cli.seedExample("scaled-dot-softmax.yaml").toString(), "--out", tmp.resolve("out").toString());

        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err(), r::toString);
        List<String[]> output = csv(tmp.resolve("out").resolve("output.csv"));
        assertEquals(TEST_X.length, output.size() - 1, "one row per query");
        double[] expected = softmaxPredictions();
        for (int i = 0; i < TEST_X.length; i++) {
            assertEquals(expected[i], Double.parseDouble(output.get(i + 1)[1]), 1e-12, "query " + i);
        }
        // Unlike dot + normalize, the weights now depend on the query.
        assertTrue(expected[0] < expected[1] && expected[1] < expected[2], Arrays.toString(expected));
    }

    @Test
    void json_format_writes_one_result_file_with_the_output_shape() throws IOException {
        Cli.Result r = Cli.run("run", Cli.seedExample("scaled-dot-softmax.yaml").toString(), "--out", tmp.resolve("out").toString(),
                "--format", "json");

        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err(), r::toString);
        assertFalse(Files.exists(tmp.resolve("out").resolve("output.csv")), "json replaces the csv files");
        JsonNode output = new ObjectMapper().readTree(tmp.resolve("out").resolve("result.json").toFile()).get("output");
        assertEquals("[3,1]", output.get("shape").toString());
        double[] expected = softmaxPredictions();
        for (int i = 0; i < TEST_X.length; i++) {
            assertEquals(expected[i], output.get("data").get(i).get(0).asDouble(), 1e-12, "query " + i);
        }
    }

    /**
     * An independent re-derivation with plain Math.exp, not the engine's code: scaled-dot with
     * d = 1 scores s_i = q·x_i / √1, softmax at temperature 1 gives w_i = e^{s_i} / Σ_j e^{s_j},
     * and the prediction is Σ_i w_i y_i. The scores are at most 3.5·4 = 14, so exp does not overflow
     * and no max-subtraction is needed here.
     */
    private static double[] softmaxPredictions() {
        double[] out = new double[TEST_X.length];
        for (int q = 0; q < TEST_X.length; q++) {
            double num = 0;
            double den = 0;
            for (int i = 0; i < TRAIN_X.length; i++) {
                double e = Math.exp(TEST_X[q] * TRAIN_X[i] / Math.sqrt(1));
                num += e * TRAIN_Y[i];
                den += e;
            }
            out[q] = num / den;
        }
        return out;
    }

    private static List<String[]> csv(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " was not written");
        return Files.readAllLines(file).stream().map(l -> l.split(",", -1)).toList();
    }
}
