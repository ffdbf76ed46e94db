package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** Runs the launcher the build writes beside the jar, {@code target/bin/attention}, with extra environment. */
    private static Result launcher(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("attention.jar", "target/attention.jar")).toAbsolutePath();
        Path script = jar.getParent().resolve("bin").resolve("attention");
        assertTrue(Files.isExecutable(script), "executable launcher at " + script);
        List<String> cmd = new ArrayList<>(List.of(script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("..").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher finished within a minute");
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void the_launcher_runs_the_simd_path_with_a_clean_stderr_and_the_commands_exit_code() throws Exception {
        Result r = launcher(Map.of(), "run", "examples/seed-figure-1/config.yaml", "--out", out.toString());
        assertEquals(0, r.code(), r.stderr());
        assertEquals("", r.stderr(), "the incubator notice is dropped, nothing else was written");
        assertEquals("query,y\n0,5.7\n1,5.7\n2,5.7\n", Files.readString(out.resolve("output.csv")));

        // A small one-shot run takes the scalar path (decision 46) and says why; at the threshold 0 it takes SIMD.
        Result small = launcher(Map.of(), "-v", "run", "examples/self/config.yaml", "--out", out.resolve("small").toString());
        assertEquals(0, small.code(), small.stderr());
        assertTrue(small.stderr().contains("one-shot run of about") && small.stderr().contains("the scalar kernel")
                && small.stderr().contains("run path: kernel: 1 attend (engine kernel (scalar"), small.stderr());
        Result verbose = launcher(Map.of("JAVA_OPTS", "-Dattention.one-shot.simd-from=0"), "-v", "run",
                "examples/self/config.yaml", "--out", out.resolve("self").toString());
        assertEquals(0, verbose.code(), verbose.stderr());
        assertTrue(verbose.stderr().contains("run path: kernel: 1 attend (engine kernel (SIMD"), verbose.stderr());
        assertTrue(!verbose.stderr().contains("WARNING: Using incubator modules"), verbose.stderr());

        Result scalar = launcher(Map.of("JAVA_OPTS", "-Dattention.kernel.simd=false"), "-v", "run",
                "examples/self/config.yaml", "--out", out.resolve("scalar").toString());
        assertTrue(scalar.stderr().contains("(engine kernel (scalar") && !scalar.stderr().contains("one-shot run"),
                "JAVA_OPTS reach the JVM: " + scalar.stderr());

        Result missing = launcher(Map.of(), "run", "no-such-config.yaml");
        Result direct = java("run", "no-such-config.yaml");
        assertTrue(missing.code() != 0, "a failing command fails");
        assertEquals(direct.code(), missing.code(), "the command's exit code, passed through");
        assertEquals(direct.stderr(), missing.stderr(), "the same one-line error");
    }

    @Test
    void the_launcher_starts_from_the_class_data_archive_the_build_wrote() throws Exception {
        Path archive = Path.of(System.getProperty("attention.jar", "target/attention.jar")).toAbsolutePath()
                .resolveSibling("attention.jsa");
        assertTrue(Files.isRegularFile(archive), "the build wrote " + archive);
        // Unified logging prints each loaded class with its source. The run path's classes come from
        // the archive: ours, the libraries' and picocli's Java 5 classes, which only a static archive
        // holds (decision 63); the JDK's default archive has none of them.
        Path classes = Files.createDirectories(out).resolve("classes.txt");
        Result r = launcher(Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + classes), "run",
                "examples/seed-figure-1/config.yaml", "--out", out.resolve("run").toString());
        assertEquals(0, r.code(), r.stderr());
        String log = Files.readString(classes);
        for (String c : List.of("dev.attention.cli.Main", "dev.attention.cli.RunCommand", "picocli.CommandLine",
                "com.google.inject.Guice", "dev.attention.core.JobLoader", "dev.attention.assembly.data.CsvRows")) {
            assertTrue(log.contains(c + " source: shared objects file"), log.lines()
                    .filter(l -> l.contains(c + " ")).findFirst().orElse(c + " not loaded"));
        }
    }
}
