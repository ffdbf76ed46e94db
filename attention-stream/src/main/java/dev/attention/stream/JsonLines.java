package dev.attention.stream;

import static org.apiguardian.api.API.Status.MAINTAINED;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.attention.api.AttentionException;
import dev.attention.io.util.Limits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The line protocol of {@code attention stream}: one JSON object per input line,
 * <pre>
 *   {"key": [..], "value": [..]}    append a key and its value
 *   {"query": [..]}                 ask a query
 *   {"token": [..]}                 a self-attention token (query, key and value at once)
 *   {"end": true}                   end the stream (end of input does the same)
 * </pre>
 * A line after the end line is refused with one error line (nothing after the end is read); a line
 * longer than {@link Limits#STREAM_LINE_CHARS} is refused unread and the stream goes on.
 * and one JSON object per answer, written and flushed as soon as it is computed:
 * {@code {"query":0,"position":-1,"keys":3,"final":false,"output":[..]}}. A bad line gets
 * {@code {"error":"line 3: …"}} and the stream goes on. Blank lines are skipped.
 */
@API(status = MAINTAINED)
public final class JsonLines {
    private static final JsonFactory JSON = new JsonFactory();

    /** How many non-blank lines were read and how many of them were refused. */
    public record Summary(int lines, int errors) {
    }

    private JsonLines() {
    }

    /** Feeds every line of {@code in} to {@code session} and writes the answers to {@code out}. */
    public static Summary pump(StreamSession session, BufferedReader in, Writer out) throws IOException {
        int lines = 0;
        int errors = 0;
        int number = 0;
        boolean ended = false;
        int maxLine = Limits.STREAM_LINE_CHARS.intValue();
        while (!ended) {
            Line line = Line.read(in, maxLine);
            if (line == null) {
                break;
            }
            number++;
            if (line.text.isBlank() && !line.tooLong) {
                continue;
            }
            lines++;
            if (line.tooLong) {
                // The rest of the line was skipped unread: memory stays bounded by the cap.
                errors++;
                write(out, error("line " + number + ": " + Limits.STREAM_LINE_CHARS.over("a line of more than "
                        + maxLine + " characters")));
                continue;
            }
            List<StreamAnswer> answers;
            try {
                Map<String, Object> event = parse(line.text);
                answers = apply(session, event);
                ended = event.containsKey("end");
            } catch (AttentionException | IllegalArgumentException e) {
                errors++;
                write(out, error("line " + number + ": " + e.getMessage()));
                continue;
            } catch (JsonProcessingException e) {
                errors++;
                write(out, error("line " + number + ": not JSON: " + e.getOriginalMessage()));
                continue;
            }
            for (StreamAnswer a : answers) {
                write(out, answer(a));
            }
        }
        if (!ended) {
            for (StreamAnswer a : session.end()) {
                write(out, answer(a));
            }
        } else {
            int next = afterEnd(in, maxLine);
            if (next > 0) {
                lines++;
                errors++;
                write(out, error("line " + (number + next) + ": input goes on after {\"end\": true} on line " + number
                        + "; nothing after the end line is read: remove those lines or the end line"));
            }
        }
        return new Summary(lines, errors);
    }

    /**
     * How many lines after the end line the first non-blank one is (0: none), among the input that has
     * already arrived. It never
     * waits for more (a client may keep its end of the pipe open after sending the end line) and reads
     * at most until that first non-blank line, so a long tail costs nothing.
     */
    private static int afterEnd(BufferedReader in, int maxLine) throws IOException {
        int k = 0;
        while (in.ready()) {
            Line next = Line.read(in, maxLine);
            if (next == null) {
                return 0;
            }
            k++;
            if (next.tooLong || !next.text.isBlank()) {
                return k;
            }
        }
        return 0;
    }

    /** One input line, cut at the cap: {@code tooLong} when more followed (skipped, not kept). */
    private record Line(String text, boolean tooLong) {
        /** The next line without its terminator (\n, \r or \r\n), or null at the end of input. */
        static Line read(BufferedReader in, int max) throws IOException {
            StringBuilder s = new StringBuilder();
            boolean tooLong = false;
            int c = in.read();
            if (c < 0) {
                return null;
            }
            while (c >= 0 && c != '\n' && c != '\r') {
                if (s.length() < max) {
                    s.append((char) c);
                } else {
                    tooLong = true;
                }
                c = in.read();
            }
            if (c == '\r') {
                in.mark(1);
                if (in.read() != '\n') {
                    in.reset();
                }
            }
            return new Line(tooLong ? "" : s.toString(), tooLong);
        }
    }

    private static List<StreamAnswer> apply(StreamSession s, Map<String, Object> e) {
        if (e.containsKey("end")) {
            if (e.size() != 1 || !Boolean.TRUE.equals(e.get("end"))) {
                throw new IllegalArgumentException("an end line is exactly {\"end\": true}");
            }
            return s.end();
        }
        if (e.containsKey("key") || e.containsKey("value")) {
            if (e.size() != 2 || !e.containsKey("key") || !e.containsKey("value")) {
                throw new IllegalArgumentException("a key line is {\"key\": [..], \"value\": [..]}");
            }
            return s.append(row(e, "key"), row(e, "value"));
        }
        if (e.size() == 1 && e.containsKey("query")) {
            return s.query(row(e, "query"));
        }
        if (e.size() == 1 && e.containsKey("token")) {
            return s.token(row(e, "token"));
        }
        throw new IllegalArgumentException("expected {\"key\",\"value\"}, {\"query\"}, {\"token\"} or {\"end\": true},"
                + " got fields " + e.keySet());
    }

    /** Field {@code name} as numbers; {@code true}/{@code false} there is refused (only end takes one). */
    private static double[] row(Map<String, Object> e, String name) {
        if (e.get(name) instanceof double[] row) {
            return row;
        }
        throw new IllegalArgumentException("'" + name + "' must be an array of numbers");
    }

    /** Field name → {@code double[]} (number arrays) or {@code Boolean}; anything else is refused. */
    private static Map<String, Object> parse(String line) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                Object value;
                if (t == JsonToken.START_ARRAY) {
                    value = numbers(p, name);
                } else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                    value = p.getBooleanValue();
                } else {
                    throw new IllegalArgumentException("'" + name + "' must be an array of numbers"
                            + (name.equals("end") ? " or true" : ""));
                }
                if (fields.put(name, value) != null) {
                    throw new IllegalArgumentException("'" + name + "' given twice");
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("one JSON object per line");
            }
        }
        return fields;
    }

    private static double[] numbers(JsonParser p, String name) throws IOException {
        List<Double> xs = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new IllegalArgumentException("'" + name + "' must hold only numbers, found " + p.getText());
            }
            xs.add(p.getDoubleValue());
        }
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String answer(StreamAnswer a) throws IOException {
        StringWriter s = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(s)) {
            g.writeStartObject();
            g.writeNumberField("query", a.query());
            g.writeNumberField("position", a.position());
            g.writeNumberField("keys", a.keys());
            g.writeBooleanField("final", a.last());
            g.writeArrayFieldStart("output");
            for (double x : a.output()) {
                g.writeNumber(x);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return s.toString();
    }

    private static String error(String message) throws IOException {
        StringWriter s = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(s)) {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        }
        return s.toString();
    }

    /** One line, flushed: the reader at the other end of a pipe sees each answer when it exists. */
    private static void write(Writer out, String json) throws IOException {
        out.write(json);
        out.write('\n');
        out.flush();
    }
}
