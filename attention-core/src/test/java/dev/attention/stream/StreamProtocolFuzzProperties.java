package dev.attention.stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.attention.api.AttentionException;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The stream protocol fed random mutations of a valid session (bytes flipped, overwritten,
 * inserted, deleted, duplicated, cut): every line gets an answer or one error line, and the pump
 * ends normally or with one clear line, never another exception. Tries: {@code jqwik.tries.default}
 * (200 in this module's junit-platform.properties; see the README's testing section for a longer run).
 */
class StreamProtocolFuzzProperties {
    private static final String VALID = "{\"key\":[0,1],\"value\":[10]}\n{\"query\":[0,2]}\n\n"
            + "{\"key\":[1,0],\"value\":[20]}\n{\"query\":[1.5,-2e1]}\n{\"end\":true}\n";

    /** A mutation: kind, relative position, byte, length (the same edits as the file readers' fuzz tests). */
    record Edit(int kind, double at, byte value, int length) {
        String apply(String text) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            int n = b.length;
            int i = (int) Math.min(n, Math.floor(at * (n + 1)));
            int len = Math.min(length, n - i);
            byte[] out = switch (kind) {
                case 0 -> i < n ? flip(b, i, value) : b;
                case 1 -> splice(b, i, 0, filled(length, value));
                case 2 -> splice(b, i, len, new byte[0]);
                case 3 -> splice(b, i, 0, Arrays.copyOfRange(b, i, i + len));
                default -> Arrays.copyOf(b, i);
            };
            // Malformed UTF-8 becomes U+FFFD, as the CLI's reader decodes it.
            return new String(out, StandardCharsets.UTF_8);
        }

        private static byte[] flip(byte[] b, int i, byte value) {
            byte[] c = b.clone();
            c[i] ^= (byte) (1 << (value & 7));
            return c;
        }

        private static byte[] filled(int n, byte value) {
            byte[] junk = new byte[n];
            Arrays.fill(junk, value);
            return junk;
        }

        private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
            byte[] out = new byte[b.length - remove + insert.length];
            System.arraycopy(b, 0, out, 0, at);
            System.arraycopy(insert, 0, out, at, insert.length);
            System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
            return out;
        }
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.doubles().between(0, 1),
                Arbitraries.bytes(), Arbitraries.integers().between(1, 32)).as(Edit::new).list().ofMinSize(1)
                .ofMaxSize(8);
    }

    @Property
    void every_line_gets_an_answer_or_one_error_line(@ForAll("edits") List<Edit> edits) {
        String input = VALID;
        for (Edit e : edits) {
            input = e.apply(input);
        }
        StringWriter out = new StringWriter();
        try {
            JsonLines.Summary s = JsonLines.pump(StreamData.ENGINE.stream().alignment("dot").open(),
                    new BufferedReader(new StringReader(input)), out);
            assertTrue(s.errors() <= s.lines(), s.toString());
        } catch (AttentionException e) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        } catch (Throwable t) {
            fail(t.getClass().getName() + " instead of one clear line for input " + input, t);
        }
        for (String line : out.toString().lines().toList()) {
            assertTrue(line.startsWith("{\"error\":\"line ") || line.startsWith("{\"query\":"), line);
        }
    }
}
