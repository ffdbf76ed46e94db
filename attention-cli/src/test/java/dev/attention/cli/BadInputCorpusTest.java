package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus: every folder under {@code src/test/resources/bad-input/} is one broken
 * configuration or data set with an {@code expect.properties}, run through the real entry point.
 * Adding a case is adding a folder; see {@code bad-input/README.md} for the keys.
 *
 * <p>Every case must exit 1 with exactly one stderr line that names the file (and the position
 * where there is one), the key and what would be valid, with no stack trace, nothing on stdout and
 * nothing (not even a temporary file) in {@code --out}.
 */
class BadInputCorpusTest {
    /** At least this many cases, so a broken discovery cannot pass by finding none. */
    private static final int MINIMUM_CASES = 40;

    @TempDir
    Path work;

    static Path corpus() throws URISyntaxException {
        URL url = BadInputCorpusTest.class.getResource("/bad-input");
        if (url == null) {
            throw new IllegalStateException("bad-input corpus not on the test class path");
        }
        return Path.of(url.toURI());
    }

    static Stream<String> cases() throws IOException, URISyntaxException {
        try (Stream<Path> dirs = Files.list(corpus())) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @Test
    void the_corpus_has_enough_cases_and_each_has_its_expectations() throws Exception {
        List<String> all = cases().toList();
        assertTrue(all.size() >= MINIMUM_CASES, "only " + all.size() + " cases: " + all);
        for (String c : all) {
            assertTrue(Files.isRegularFile(corpus().resolve(c).resolve("expect.properties")), c + "/expect.properties");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejected_with_one_line_naming_file_position_key_and_fix(String name) throws Exception {
        // A copy, so permissions can be changed and nothing is written next to the sources.
        Path dir = copy(corpus().resolve(name), work.resolve(name));
        Properties expect = load(dir.resolve("expect.properties"));
        Path out = work.resolve("out");

        String unreadable = expect.getProperty("unreadable");
        if (unreadable != null) {
            makeUnreadable(dir.resolve(unreadable));
        }

        Cli.Result r = Cli.run(args(expect.getProperty("args", "run {config} --out {out}"), dir, out, expect));
        assertEquals(Integer.parseInt(expect.getProperty("exit", "1")), r.code(), r::toString);
        String line = oneCleanLine(r);

        String file = required(expect, "file");
        String at = expect.getProperty("at");
        assertTrue(line.contains(at == null ? file : file + ":" + at),
                () -> "names " + file + (at == null ? "" : " at " + at) + ": " + line);
        String key = expect.getProperty("key");
        if (key != null) {
            assertTrue(line.contains(key), () -> "names the key '" + key + "': " + line);
        }
        for (String fragment : fragments(expect, "valid")) {
            assertTrue(line.contains(fragment), () -> "says what is valid ('" + fragment + "'): " + line);
        }
        for (String fragment : fragments(expect, "not")) {
            assertFalse(line.contains(fragment), () -> "does not say '" + fragment + "': " + line);
        }
        assertNothingWritten(out);

        // Load-time problems must be caught by validate too, with the same line; run-time ones pass it.
        if (expect.getProperty("args") == null) {
            Cli.Result v = Cli.run(args("validate {config}", dir, out, expect));
            if ("run".equals(expect.getProperty("phase", "load"))) {
                assertEquals(0, v.code(), () -> "validate cannot see a run-time problem: " + v);
            } else {
                assertEquals(1, v.code(), v::toString);
                assertEquals(line, oneCleanLine(v), "validate reports what run reports");
            }
        }
    }

    private static String oneCleanLine(Cli.Result r) {
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), () -> "exactly one line on stderr: " + r);
        String line = lines.get(0);
        assertTrue(line.startsWith("attention: "), line);
        assertFalse(line.contains("internal error"), () -> "bad input is not an internal error: " + line);
        assertFalse(line.matches(".*\\b\\w+(Exception|Error)\\b.*"), () -> "no exception class names: " + line);
        assertEquals("", r.out(), () -> "no result on stdout: " + r);
        assertEquals("", r.systemErr(), () -> "nothing logged when not verbose: " + r);
        assertEquals("", r.systemOut(), () -> "nothing printed around the writers: " + r);
        return line;
    }

    private static void assertNothingWritten(Path out) throws IOException {
        if (Files.exists(out)) {
            try (Stream<Path> files = Files.list(out)) {
                assertEquals(List.of(), files.toList(), "nothing written to --out, not even temporary files");
            }
        }
    }

    /**
     * Removes every permission. Root reads anything regardless, so when the file can still be read
     * the case cannot test what it claims and is skipped, not passed.
     */
    private static void makeUnreadable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        boolean stillReadable;
        try (InputStream in = Files.newInputStream(file)) {
            in.read();
            stillReadable = true;
        } catch (IOException expected) {
            stillReadable = false;
        }
        assumeFalse(stillReadable, "running as a user who can read " + file.getFileName()
                + " without permission (root?); an unreadable file cannot be made");
    }

    private static String[] args(String template, Path dir, Path out, Properties expect) throws IOException {
        String config = expect.getProperty("config");
        if (config == null && template.contains("{config}")) {
            try (Stream<Path> files = Files.list(dir)) {
                List<String> configs = files.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("config.")).sorted().toList();
                assertEquals(1, configs.size(), () -> "one config.* file in " + dir + ", or name it: " + configs);
                config = configs.get(0);
            }
        }
        List<String> args = new ArrayList<>();
        for (String token : template.trim().split("\\s+")) {
            if (token.contains("{config}")) {
                token = token.replace("{config}", dir.resolve(config).toString());
            }
            args.add(token.replace("{out}", out.toString()).replace("{dir}", dir.toString()));
        }
        return args.toArray(String[]::new);
    }

    private static List<String> fragments(Properties p, String prefix) {
        List<String> out = new ArrayList<>();
        if (p.getProperty(prefix) != null) {
            out.add(p.getProperty(prefix));
        }
        for (int k = 1; p.getProperty(prefix + "." + k) != null; k++) {
            out.add(p.getProperty(prefix + "." + k));
        }
        return out;
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        assertTrue(v != null && !v.isBlank(), "expect.properties needs '" + key + "'");
        return v;
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }
}
