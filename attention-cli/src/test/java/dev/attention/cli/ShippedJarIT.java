package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded {@code attention.jar} in a separate JVM, exactly as the README does. */
class ShippedJarIT {
    @TempDir
    Path out;

    private record Result(int code, String stdout, String stderr) {
    }

    private static Result java(String... args) throws IOException, InterruptedException {
        return java(List.of(), args);
    }

    private static Result java(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("attention.jar", "target/attention.jar"));
        assertTrue(Files.isRegularFile(jar), "built jar at " + jar);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(Path.of("..").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "jar finished within a minute");
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void the_readme_command_writes_the_hand_computed_predictions() throws Exception {
        Result r = java("run", "examples/seed-figure-1/config.yaml", "--out", out.resolve("run").toString());
        assertEquals(0, r.code(), r.stderr());
        assertEquals("", r.stderr(), "nothing on stderr for a successful run");
        // Σ x_i y_i / Σ x_j = (1·2 + 2·4 + 3·5 + 4·8) / (1 + 2 + 3 + 4) = 57 / 10 for every query
        assertEquals("query,y\n0,5.7\n1,5.7\n2,5.7\n", Files.readString(out.resolve("run").resolve("output.csv")));
    }

    /**
     * The README's SIMD command: same output; the JVM itself prints one notice about the incubator
     * module on stderr, which is all there is.
     */
    @Test
    void with_the_vector_api_the_only_stderr_line_is_the_jvms_incubator_notice() throws Exception {
        Result r = java(List.of("--add-modules", "jdk.incubator.vector"), "run", "examples/seed-figure-1/config.yaml",
                "--out", out.resolve("run").toString());
        assertEquals(0, r.code(), r.stderr());
        assertEquals(List.of("WARNING: Using incubator modules: jdk.incubator.vector"), r.stderr().lines().toList());
        assertEquals("query,y\n0,5.7\n1,5.7\n2,5.7\n", Files.readString(out.resolve("run").resolve("output.csv")));
    }

    @Test
    void every_shipped_plugin_is_discovered_from_the_merged_service_files() throws Exception {
        Result r = java("plugins");
        assertEquals(0, r.code(), r.stderr());
        for (String id : List.of("dot", "scaled-dot", "cosine", "softmax", "sigmoid", "normalize", "global")) {
            assertTrue(r.stdout().contains("  " + id + "  "), id + " in:\n" + r.stdout());
        }
    }

    @Test
    void a_typo_in_a_plugin_id_exits_1_with_one_line_naming_the_fix() throws Exception {
        Path config = out.resolve("typo.yaml");
        Files.writeString(config, "pipeline: {alignment: scaled-dott}\n");
        Result r = java("validate", config.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().contains("did you mean 'scaled-dot'?"), r.stderr());
    }
}
