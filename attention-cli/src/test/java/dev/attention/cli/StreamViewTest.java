package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stream --view}: the page of the final answers' weights, checked against softmax by hand and
 * against {@code attention run}'s {@code weights.csv} for the same rows; the answers on stdout are
 * unchanged and the kept answers are bounded.
 */
class StreamViewTest {
    private static final String STREAM = example("config.yaml");
    private static final String DECODER = example("decoder.yaml");
    /** examples/stream/config.yaml's inputs, as stream lines. */
    private static final String LINES = "{\"key\":[0,1],\"value\":[10]}\n{\"query\":[1,0]}\n{\"key\":[1,0],\"value\":[20]}\n"
            + "{\"key\":[1,1],\"value\":[30]}\n{\"query\":[0,2]}\n{\"key\":[2,0],\"value\":[40]}\n{\"end\":true}\n";

    @TempDir
    Path dir;

    private static String example(String file) {
        return Path.of("..", "examples", "stream", file).toAbsolutePath().normalize().toString();
    }

    private record Result(int code, String out, String err) {
    }

    private static synchronized Result stream(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    static JsonNode data(Path page) throws Exception {
        String html = Files.readString(page);
        int start = html.indexOf("<script id=\"view-data\" type=\"application/json\">");
        int from = html.indexOf('>', start) + 1;
        return new ObjectMapper().readTree(html.substring(from, html.indexOf("</script>", from)));
    }

    /** softmax(q·k_j / (√2 τ)) over the given keys. */
    private static double[] softmax(double[] q, double[][] keys, double temperature) {
        double[] w = new double[keys.length];
        double sum = 0;
        for (int j = 0; j < keys.length; j++) {
            w[j] = Math.exp((q[0] * keys[j][0] + q[1] * keys[j][1]) / Math.sqrt(2) / temperature);
            sum += w[j];
        }
        for (int j = 0; j < w.length; j++) {
            w[j] /= sum;
        }
        return w;
    }

    @Test
    void theStreamPageHoldsTheFinalWeights() throws Exception {
        Path page = dir.resolve("stream.html");
        Result plain = stream(LINES, "stream", STREAM);
        Result r = stream(LINES, "stream", STREAM, "--view", page.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(plain.out(), r.out(), "stdout carries the same answers with --view");
        assertEquals("attention: wrote " + page + "\n", r.err());
        JsonNode w = data(page).at("/panels/0/w");
        assertEquals(2, w.size());
        double[][] keys = {{0, 1}, {1, 0}, {1, 1}, {2, 0}};
        double[][] expected = {softmax(new double[] {1, 0}, keys, 0.5), softmax(new double[] {0, 2}, keys, 0.5)};
        // the batch run of the same rows prints the same text
        Path out = dir.resolve("run");
        assertEquals(0, Cli.run("run", STREAM, "--out", out.toString()).code());
        var csv = Files.readAllLines(out.resolve("weights.csv"));
        for (int i = 0; i < 2; i++) {
            String[] row = csv.get(i + 1).split(",");
            for (int j = 0; j < 4; j++) {
                assertEquals(expected[i][j], Double.parseDouble(w.get(i).get(j).asText()), 1e-12, i + "," + j);
                assertEquals(Double.parseDouble(row[j + 1]), Double.parseDouble(w.get(i).get(j).asText()), 1e-15);
            }
        }
    }

    @Test
    void aWindowedDecoderPutsEachTokensWeightsUnderItsKeys() throws Exception {
        Path page = dir.resolve("decoder.html");
        double[][] tokens = {{1, 0}, {0, 1}, {1, 1}, {2, 0}};
        StringBuilder in = new StringBuilder();
        for (double[] t : tokens) {
            in.append("{\"token\":[").append(t[0]).append(',').append(t[1]).append("]}\n");
        }
        Result r = stream(in.toString(), "stream", DECODER, "--view", page.toString());
        assertEquals(0, r.code(), r.toString());
        JsonNode w = data(page).at("/panels/0/w");
        assertEquals(4, w.size());
        for (int t = 0; t < 4; t++) {
            int from = Math.max(0, t - 2); // window: 3
            double[] e = softmax(tokens[t], java.util.Arrays.copyOfRange(tokens, from, t + 1), 1);
            for (int j = 0; j < 4; j++) {
                double want = j < from || j > t ? 0 : e[j - from];
                assertEquals(want, Double.parseDouble(w.get(t).get(j).asText()), 1e-12, t + "," + j);
            }
        }
    }

    @Test
    void aMonotonicStreamWeighsTheKeyEachQueryStopsAt() throws Exception {
        Path page = dir.resolve("monotonic.html");
        String config = Path.of("..", "examples", "monotonic", "config.yaml").toAbsolutePath().normalize().toString();
        // examples/monotonic's inputs: offset −0.5, so a query stops at the first key (from where the last
        // one stopped) with q·k ≥ 0.5: [0,1,0] at key 1, [0,0,1] at 3, [0,0,1] at 3 again, [1,0,0] at 5
        String lines = "{\"query\":[0,1,0]}\n{\"query\":[0,0,1]}\n{\"query\":[0,0,1]}\n{\"query\":[1,0,0]}\n"
                + "{\"key\":[1,0,0],\"value\":[0]}\n{\"key\":[0,1,0],\"value\":[1]}\n"
                + "{\"key\":[1,0,0],\"value\":[2]}\n{\"key\":[0,0,1],\"value\":[3]}\n"
                + "{\"key\":[0,1,0],\"value\":[4]}\n{\"key\":[1,0,0],\"value\":[5]}\n";
        Result r = stream(lines, "stream", config, "--view", page.toString());
        assertEquals(0, r.code(), r.toString());
        JsonNode w = data(page).at("/panels/0/w");
        int[] stop = {1, 3, 3, 5};
        assertEquals(4, w.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(6, w.get(i).size());
            for (int j = 0; j < 6; j++) {
                assertEquals(j == stop[i] ? "1.0" : "0.0", w.get(i).get(j).asText(), i + "," + j);
            }
        }
    }

    @Test
    void keptAnswersAreBoundedAndThePageSaysSo() throws Exception {
        Path page = dir.resolve("many.html");
        StringBuilder in = new StringBuilder("{\"key\":[0,1],\"value\":[10]}\n");
        for (int i = 0; i <= StreamView.MAX_ANSWERS; i++) {
            in.append("{\"query\":[1,0]}\n");
        }
        Result r = stream(in.toString(), "stream", STREAM, "--view", page.toString());
        assertEquals(0, r.code(), r.toString());
        JsonNode d = data(page);
        assertEquals(StreamView.MAX_ANSWERS, d.at("/panels/0/n").asInt());
        assertEquals(StreamView.MAX_ANSWERS, d.at("/panels/0/w").size());
        assertTrue(d.toString().contains("the first 2000 of 2001 final answers"), d.toString().substring(0, 400));
    }

    @Test
    void aPageNameOtherThanHtmlIsAUsageErrorBeforeReading() {
        Result r = stream(LINES, "stream", STREAM, "--view", dir.resolve("s.png").toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("name the page .html"), r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(dir.resolve("s.png")));
    }
}
