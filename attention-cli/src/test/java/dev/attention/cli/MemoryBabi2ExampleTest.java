package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/memory-babi2 as its README runs it: the shipped fitted networks answer the held-out
 * two-supporting-facts questions far better with two or three hops than with one, hop 1 of the
 * two-hop network reads the carrier's sentence and hop 2 the carrier's move, and fitting the
 * two-hop network again reaches the same accuracy.
 */
class MemoryBabi2ExampleTest {
    private static final int HOPS_MAX = 3;

    @TempDir
    Path tmp;

    /** Held-out accuracy and, per hop, the mean weight on the carrier fact and on the room fact. */
    private record Scores(double accuracy, double[] onCarrier, double[] onRoom) {
    }

    private Scores score(Path out, int hops) throws IOException {
        // story, answer, carrier fact, room fact; batch, query, 6 logits; story·hops + hop, query, keys
        List<double[]> answers = FitExamplesTest.rows(dir().resolve("test-answers.csv"));
        List<double[]> logits = FitExamplesTest.rows(out.resolve("prediction.csv"));
        List<double[]> weights = FitExamplesTest.rows(out.resolve("weights.csv"));
        assertEquals(answers.size(), logits.size());
        assertEquals(answers.size() * hops, weights.size());
        int right = 0;
        double[] carrier = new double[hops];
        double[] room = new double[hops];
        for (int s = 0; s < answers.size(); s++) {
            double[] l = logits.get(s);
            int best = 2;
            for (int c = 3; c < l.length; c++) {
                best = l[c] > l[best] ? c : best;
            }
            right += best - 2 == (int) answers.get(s)[1] ? 1 : 0;
            for (int k = 0; k < hops; k++) {
                double[] w = weights.get(s * hops + k);
                carrier[k] += w[2 + (int) answers.get(s)[2]] / answers.size();
                room[k] += w[2 + (int) answers.get(s)[3]] / answers.size();
            }
        }
        return new Scores((double) right / answers.size(), carrier, room);
    }

    private static Path dir() {
        return FitExamplesTest.example("memory-babi2");
    }

    private Scores predict(int hops, Path config) throws IOException {
        Path out = tmp.resolve("run-" + hops + "-" + config.getFileName());
        Cli.Result r = Cli.run("run", config.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r::toString);
        return score(out, hops);
    }

    @Test
    void two_and_three_hops_answer_what_one_hop_cannot() throws IOException {
        Scores[] s = new Scores[HOPS_MAX + 1];
        for (int h = 1; h <= HOPS_MAX; h++) {
            s[h] = predict(h, dir().resolve("predict-hops" + h + ".yaml"));
        }
        assertTrue(s[1].accuracy() < 0.6, "one hop: " + s[1].accuracy());
        assertTrue(s[2].accuracy() >= 0.85, "two hops: " + s[2].accuracy());
        assertTrue(s[3].accuracy() >= 0.85, "three hops: " + s[3].accuracy());
        // Two hops: the first reads who carries the object, the second where that person went.
        assertTrue(s[2].onCarrier()[0] >= 0.7, "hop 1 on the carrier fact: " + s[2].onCarrier()[0]);
        assertTrue(s[2].onRoom()[1] >= 0.7, "hop 2 on the room fact: " + s[2].onRoom()[1]);
    }

    @Test
    void fitting_two_hops_again_reaches_the_shipped_accuracy() throws IOException {
        Path fitted = tmp.resolve("fit");
        Cli.Result fit = Cli.run("fit", dir().resolve("fit-hops2.yaml").toString(), "--out", fitted.toString());
        assertEquals(0, fit.code(), fit::toString);
        // The predict config and its held-out CSVs in tmp, reading the parameters just fitted.
        for (String csv : List.of("test-memory.csv", "test-query.csv")) {
            Files.copy(dir().resolve(csv), tmp.resolve(csv));
        }
        Path config = tmp.resolve("predict-hops2.yaml");
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(dir().resolve("predict-hops2.yaml"))) {
            String fresh = "parameters: '" + fitted.resolve("parameters.safetensors") + "'";
            sb.append(line.startsWith("parameters:") ? fresh : line).append('\n');
        }
        Files.writeString(config, sb.toString());
        assertTrue(predict(2, config).accuracy() >= 0.85);
    }
}
