package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped example config runs as documented: exit 0, nothing on stderr, an output file.
 * Discovered from the examples folder, so a new example is covered without touching this test.
 */
class ExamplesRunTest {
    @TempDir
    Path out;

    @TestFactory
    Stream<DynamicTest> every_example_config_runs() throws IOException {
        Path examples = Path.of("..", "examples").toAbsolutePath().normalize();
        List<Path> configs;
        try (Stream<Path> s = Files.walk(examples)) {
            configs = s.filter(p -> p.toString().endsWith(".yaml"))
                    // third-party plugin projects and fit-only configs carry their own tests
                    .filter(p -> !p.toString().contains("third-party-plugin"))
                    .filter(ExamplesRunTest::isRunConfig)
                    .sorted().toList();
        }
        assertFalse(configs.isEmpty(), "examples found under " + examples);
        return configs.stream().map(c -> DynamicTest.dynamicTest(examples.relativize(c).toString(), () -> {
            Path dir = out.resolve(examples.relativize(c).toString().replace('/', '_'));
            Cli.Result r = Cli.run("run", c.toString(), "--out", dir.toString());
            assertEquals(0, r.code(), r.toString());
            assertEquals("", r.err(), r.toString());
            assertTrue(Files.isRegularFile(dir.resolve("output.csv")) || Files.isRegularFile(dir.resolve("result.json")),
                    "an output file in " + dir);
        }));
    }

    /** A config meant for {@code attention run}: it has a pipeline (fit-only configs say so in a fit: section). */
    private static boolean isRunConfig(Path p) {
        try {
            String text = Files.readString(p);
            return text.contains("pipeline:");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
