package dev.attention.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line protocol: one answer line per answer, an error line per bad line, and the stream goes on. */
class JsonLinesTest {

    private static List<String> pump(StreamSession s, String input, JsonLines.Summary[] summary) throws IOException {
        StringWriter out = new StringWriter();
        summary[0] = JsonLines.pump(s, new BufferedReader(new StringReader(input)), out);
        return out.toString().lines().toList();
    }

    @Test
    void queries_are_answered_at_once_and_again_at_the_end() throws IOException {
        JsonLines.Summary[] sum = new JsonLines.Summary[1];
        List<String> out = pump(StreamData.ENGINE.stream().alignment("dot").open(),
                "{\"key\":[0],\"value\":[10]}\n{\"query\":[1]}\n\n{\"key\":[0],\"value\":[20]}\n{\"end\":true}\n"
                        + "{\"query\":[1]}\n", sum);
        assertEquals(List.of("{\"query\":0,\"position\":-1,\"keys\":1,\"final\":false,\"output\":[10.0]}",
                "{\"query\":0,\"position\":-1,\"keys\":2,\"final\":true,\"output\":[15.0]}",
                "{\"error\":\"line 6: input goes on after {\\\"end\\\": true} on line 5; nothing after the end line"
                        + " is read: remove those lines or the end line\"}"), out);
        assertEquals(new JsonLines.Summary(5, 1), sum[0], "lines after the end are refused, not read");
    }

    @Test
    void blank_lines_after_the_end_are_fine_and_the_first_line_after_it_is_named() throws IOException {
        JsonLines.Summary[] sum = new JsonLines.Summary[1];
        List<String> out = pump(StreamData.ENGINE.stream().alignment("dot").open(),
                "{\"key\":[0],\"value\":[10]}\n{\"end\":true}\n\n  \n", sum);
        assertEquals(List.of(), out, "no query, so no answer; blank lines after the end are no error");
        assertEquals(new JsonLines.Summary(2, 0), sum[0]);
        out = pump(StreamData.ENGINE.stream().alignment("dot").open(),
                "{\"key\":[0],\"value\":[10]}\n{\"end\":true}\n\n{\"query\":[1]}\n{\"query\":[2]}\n", sum);
        assertEquals(1, out.size(), String.join("\n", out));
        assertTrue(out.get(0).startsWith("{\"error\":\"line 4: input goes on after {\\\"end\\\": true} on line 2"),
                out.get(0));
    }

    @Test
    void a_line_over_the_cap_is_refused_unread_and_the_stream_goes_on() throws IOException {
        String property = dev.attention.io.util.Limits.STREAM_LINE_CHARS.property();
        System.setProperty(property, "64");
        try {
            JsonLines.Summary[] sum = new JsonLines.Summary[1];
            String longLine = "{\"key\":[" + "1,".repeat(100) + "1],\"value\":[1]}";
            List<String> out = pump(StreamData.ENGINE.stream().alignment("dot").open(),
                    "{\"key\":[0],\"value\":[10]}\r\n" + longLine + "\r\n{\"query\":[1]}\n", sum);
            assertEquals(3, out.size(), String.join("\n", out));
            assertTrue(out.get(0).startsWith("{\"error\":\"line 2: a line of more than 64 characters is over the limit"
                    + " of 64 characters"), out.get(0));
            assertTrue(out.get(0).contains("-D" + property + "="), out.get(0));
            assertTrue(out.get(1).startsWith("{\"query\":0,\"position\":-1,\"keys\":1,"), out.get(1));
            assertEquals(new JsonLines.Summary(3, 1), sum[0]);
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void a_bad_line_gets_an_error_line_naming_it_and_the_stream_continues() throws IOException {
        JsonLines.Summary[] sum = new JsonLines.Summary[1];
        List<String> out = pump(StreamData.ENGINE.stream().alignment("dot").open(),
                "{\"key\":[0],\"value\":[10]}\n{\"key\":[0]}\nnot json\n{\"query\":[1, 2]}\n{\"kee\":[1]}\n"
                        + "{\"query\":[\"a\"]}\n{\"query\":[1]}\n", sum);
        assertEquals(7, out.size(), String.join("\n", out));
        assertTrue(out.get(0).startsWith("{\"error\":\"line 2: a key line is"), out.get(0));
        assertTrue(out.get(1).startsWith("{\"error\":\"line 3: not JSON"), out.get(1));
        // A query whose width the alignment cannot pair with the keys is refused and not kept.
        assertTrue(out.get(2).startsWith("{\"error\":\"line 4: "), out.get(2));
        assertTrue(out.get(3).contains("line 5: expected"), out.get(3));
        assertTrue(out.get(4).contains("line 6: 'query' must hold only numbers"), out.get(4));
        assertTrue(out.get(5).startsWith("{\"query\":0,"), out.get(5));
        assertTrue(out.get(6).contains("\"final\":true"), "end of input ends the stream: " + out.get(6));
        assertEquals(new JsonLines.Summary(7, 5), sum[0]);
    }

    /** The fuzz property found {@code {"query":true}} escaping as a ClassCastException. */
    @Test
    void true_or_false_where_numbers_belong_is_an_error_line() throws IOException {
        JsonLines.Summary[] sum = new JsonLines.Summary[1];
        List<String> out = pump(StreamData.ENGINE.stream().alignment("dot").open(),
                "{\"query\":true}\n{\"key\":false,\"value\":[1]}\n{\"token\":true}\n", sum);
        assertEquals(List.of("{\"error\":\"line 1: 'query' must be an array of numbers\"}",
                "{\"error\":\"line 2: 'key' must be an array of numbers\"}",
                "{\"error\":\"line 3: 'token' must be an array of numbers\"}"), out);
        assertEquals(new JsonLines.Summary(3, 3), sum[0]);
    }

    @Test
    void self_attention_takes_tokens_and_answers_each_one() throws IOException {
        JsonLines.Summary[] sum = new JsonLines.Summary[1];
        List<String> out = pump(StreamData.ENGINE.stream().variant("self", java.util.Map.of("causal", true))
                .alignment("dot").open(), "{\"token\":[1]}\n{\"token\":[0]}\n", sum);
        assertEquals(List.of("{\"query\":0,\"position\":0,\"keys\":1,\"final\":true,\"output\":[1.0]}",
                "{\"query\":1,\"position\":1,\"keys\":2,\"final\":true,\"output\":[0.5]}"), out);
    }
}
