package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attention stream} through {@link Main#run} with a fake stdin. */
class StreamCommandTest {
    private static final String CONFIG = example("config.yaml");

    private static String example(String file) {
        return Path.of("..", "examples", "stream", file).toAbsolutePath().normalize().toString();
    }

    private record Result(int code, List<String> out, String err, String systemOut) {
    }

    private static synchronized Result run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream sysOut = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(sysOut, true, StandardCharsets.UTF_8));
            code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                    new PrintWriter(out, true), new PrintWriter(err, true));
        } finally {
            System.setOut(old);
        }
        return new Result(code, out.toString().lines().toList(), err.toString(), sysOut.toString(StandardCharsets.UTF_8));
    }

    @Test
    void answers_a_query_at_once_and_finally_at_the_end() {
        Result r = run("{\"key\":[0,1],\"value\":[10]}\n{\"query\":[0,2]}\n{\"key\":[1,0],\"value\":[20]}\n"
                + "{\"end\":true}\n", "stream", CONFIG);
        assertEquals(0, r.code(), r.toString());
        assertEquals("", r.err());
        assertEquals("", r.systemOut(), "user output only through the given writer");
        // scaled-dot 1/√2, τ = 0.5: scores (2/√2, 0) / 0.5 ⇒ weights ∝ (e^{2√2}, 1).
        double w = Math.exp(2 * Math.sqrt(2));
        double expected = (10 * w + 20) / (w + 1);
        assertEquals("{\"query\":0,\"position\":-1,\"keys\":1,\"final\":false,\"output\":[10.0]}", r.out().get(0));
        String last = r.out().get(1);
        String prefix = "{\"query\":0,\"position\":-1,\"keys\":2,\"final\":true,\"output\":[";
        assertTrue(last.startsWith(prefix) && last.endsWith("]}"), last);
        assertEquals(expected, Double.parseDouble(last.substring(prefix.length(), last.length() - 2)), 1e-12);
        assertEquals(2, r.out().size());
    }

    @Test
    void lines_after_the_end_line_are_refused_with_one_error_line_and_exit_1() {
        Result r = run("{\"key\":[0,1],\"value\":[10]}\n{\"query\":[0,2]}\n{\"end\":true}\n{\"key\":[1,0],\"value\":[20]}\n"
                + "{\"query\":[1,0]}\n", "stream", CONFIG);
        assertEquals(1, r.code(), r.toString());
        assertEquals(3, r.out().size(), r.out().toString());
        assertTrue(r.out().get(1).startsWith("{\"query\":0,\"position\":-1,\"keys\":1,\"final\":true,"), r.out().get(1));
        assertEquals("{\"error\":\"line 4: input goes on after {\\\"end\\\": true} on line 3; nothing after the end line is"
                + " read: remove those lines or the end line\"}", r.out().get(2));
        assertEquals(List.of("attention: 1 of 4 lines were refused (see the error lines)"), r.err().lines().toList());
    }

    @Test
    void a_bad_line_gets_an_error_line_and_the_stream_goes_on_then_exits_1() {
        Result r = run("{\"key\":[0,1],\"value\":[10]}\n{\"key\":[0,1,2],\"value\":[10]}\n{oops\n{\"query\":[0,2]}\n",
                "stream", CONFIG);
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().get(0).startsWith("{\"error\":\"line 2: key 1 has 3 numbers, earlier ones had 2"),
                r.out().get(0));
        assertTrue(r.out().get(1).startsWith("{\"error\":\"line 3: not JSON"), r.out().get(1));
        assertTrue(r.out().get(2).startsWith("{\"query\":0,"), r.out().get(2));
        assertEquals(4, r.out().size(), "end of input gives the final answer: " + r.out());
        assertEquals(List.of("attention: 2 of 4 lines were refused (see the error lines)"), r.err().lines().toList());
    }

    @Test
    void the_decoder_example_answers_every_token() {
        Result r = run("{\"token\":[1,0]}\n{\"token\":[0,1]}\n{\"query\":[1,0]}\n", "stream", example("decoder.yaml"));
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().get(0).startsWith("{\"query\":0,\"position\":0,\"keys\":1,\"final\":true,\"output\":[1.0,0.0]"),
                r.out().get(0));
        assertTrue(r.out().get(2).contains("takes tokens"), r.out().get(2));
    }

    /** The multi-head decoder example streamed token by token gives the rows {@code attention run} writes. */
    @Test
    void the_multi_head_decoder_example_streams_the_rows_of_its_batch_run(@TempDir Path dir) throws IOException {
        String config = example("multi-head-decoder.yaml");
        Result batch = run("", "run", config, "--out", dir.toString());
        assertEquals(0, batch.code(), batch.toString());
        List<String> csv = Files.readAllLines(dir.resolve("output.csv"), StandardCharsets.UTF_8);
        double[][] tokens = {{1, 0, 0, 1}, {0, 1, 1, 0}, {1, 1, 0, 0}, {2, 0, 1, 1}, {0, 2, 0, 1}};
        StringBuilder in = new StringBuilder();
        for (double[] t : tokens) {
            in.append("{\"token\":").append(java.util.Arrays.toString(t).replace(" ", "")).append("}\n");
        }
        Result r = run(in.toString(), "stream", config);
        assertEquals(0, r.code(), r.toString());
        assertEquals(tokens.length, r.out().size(), r.out().toString());
        for (int t = 0; t < tokens.length; t++) {
            String line = r.out().get(t);
            assertTrue(line.startsWith("{\"query\":" + t + ",\"position\":" + t + ",\"keys\":" + (t + 1)), line);
            String[] got = line.substring(line.indexOf("\"output\":[") + 10, line.lastIndexOf(']')).split(",");
            String[] want = csv.get(t + 1).split(",");
            assertEquals(want.length - 1, got.length, line);
            for (int c = 0; c < got.length; c++) {
                assertEquals(Double.parseDouble(want[c + 1]), Double.parseDouble(got[c]), 1e-9, "token " + t + " col " + c);
            }
        }
    }

    @Test
    void a_config_that_cannot_stream_is_one_line_on_stderr_and_exit_1() {
        Result r = run("", "stream", Path.of("..", "examples", "hard", "config.yaml").toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("has no stream form"), r.err());
    }

    @Test
    void each_answer_is_flushed_while_the_input_is_still_open() throws Exception {
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(feed);
        PipedWriter pipe = new PipedWriter();
        BufferedReader answers = new BufferedReader(new PipedReader(pipe));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
                Main.run(new String[] {"stream", CONFIG}, stdin, new PrintWriter(pipe), new PrintWriter(new StringWriter())));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            send(feed, "{\"key\":[0,1],\"value\":[10]}\n{\"query\":[0,2]}\n");
            // The input is still open: the answer must already be readable.
            assertTrue(answers.readLine().contains("\"output\":[10.0]"));
            send(feed, "{\"end\":true}\n");
            assertTrue(answers.readLine().contains("\"final\":true"));
            feed.close();
            assertEquals(0, exit.get());
        });
    }

    private static void send(PipedOutputStream feed, String lines) throws IOException {
        feed.write(lines.getBytes(StandardCharsets.UTF_8));
        feed.flush();
    }
}
