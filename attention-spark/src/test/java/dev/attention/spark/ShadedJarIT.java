package dev.attention.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * attention-spark.jar as spark-submit uses it: on a class path holding only what a cluster provides
 * (Spark and the libraries a distribution ships), in a JVM of its own. Catches what in-process tests cannot: a class left
 * out of the jar, Spark shaded in by mistake, relocation or service-file mistakes.
 */
class ShadedJarIT {
    private static final Path JAR = Path.of(System.getProperty("attention.spark.jar", "target/attention-spark.jar"));
    private static final List<String> OPENS = List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io",
            "java.net", "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch",
            "sun.nio.cs", "sun.security.action", "sun.util.calendar");

    @TempDir
    Path dir;

    /** Runs {@code cmd} as spark-submit would, its output into {@code log}; returns the exit code. */
    private static int spark(List<String> cmd, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "spark run finished");
        return p.exitValue();
    }

    @Test
    void the_jar_holds_our_code_and_plugins_but_not_spark_and_relocates_our_libraries() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            assertFalse(names.stream().anyMatch(n -> n.startsWith("org/apache/spark/")), "Spark is provided");
            assertFalse(names.stream().anyMatch(n -> n.startsWith("scala/")), "Scala is provided");
            assertFalse(names.stream().anyMatch(n -> n.startsWith("com/fasterxml/")), "Jackson is relocated");
            assertTrue(names.contains("dev/attention/shaded/jackson/core/JsonFactory.class"));
            assertTrue(names.contains("dev/attention/kernel/EngineKernel.class"));
            assertEquals("dev.attention.spark.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            // The three modules' entry points, merged into one services file by the shade plugin.
            String entryPoints = new String(jar.getInputStream(jar.getEntry(
                    "META-INF/services/dev.attention.api.spi.AttentionPlugin")).readAllBytes());
            for (String plugin : List.of("dev.attention.alignments.AlignmentsPlugin",
                    "dev.attention.distributions.DistributionsPlugin", "dev.attention.variants.VariantsPlugin")) {
                assertTrue(entryPoints.contains(plugin), entryPoints);
            }
        }
    }

    @Test
    void spark_runs_the_jar_on_the_example_and_matches_the_command_line() throws Exception {
        Path examples = MainTest.EXAMPLES;
        String classPath = JAR.toAbsolutePath() + File.pathSeparator
                + Files.readString(Path.of(System.getProperty("cluster.classpath"))).trim();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        OPENS.forEach(p -> cmd.add("--add-opens=java.base/" + p + "=ALL-UNNAMED"));
        cmd.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.sql.shuffle.partitions=2",
                "-cp", classPath, "dev.attention.spark.Main"));
        List<String> run = new ArrayList<>(cmd);
        run.addAll(List.of(examples.resolve("spark/config.yaml").toString(),
                examples.resolve("spark/queries.csv").toString(), dir.resolve("out.csv").toString()));
        assertEquals(0, spark(run, dir.resolve("log.txt")), Files.readString(dir.resolve("log.txt")));
        // The output is one committed set, and the check says so (stdout: one line).
        List<String> check = new ArrayList<>(cmd);
        check.addAll(List.of("--check", dir.resolve("out.csv").toString()));
        assertEquals(0, spark(check, dir.resolve("check.txt")), Files.readString(dir.resolve("check.txt")));
        assertTrue(Files.readString(dir.resolve("check.txt")).contains("whole set in file:" + dir.resolve("out.csv")),
                Files.readString(dir.resolve("check.txt")));
        assertTrue(Files.isSymbolicLink(dir.resolve("out.csv")));

        List<String> lines = new ArrayList<>();
        try (var parts = Files.list(dir.resolve("out.csv"))) {
            for (Path part : parts.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                List<String> all = Files.readAllLines(part);
                lines.addAll(all.subList(1, all.size()));
            }
        }
        List<String> cli = MainTest.cliOutput(examples.resolve("spark/config.yaml"), dir.resolve("cli")).stream()
                .skip(1).map(r -> String.join(",", r)).collect(Collectors.toList());
        assertEquals(cli.size(), lines.size());
        lines.sort((a, b) -> Integer.compare(Integer.parseInt(a.split(",")[0]), Integer.parseInt(b.split(",")[0])));
        for (int i = 0; i < cli.size(); i++) {
            String[] want = cli.get(i).split(",");
            String[] got = lines.get(i).split(",");
            assertEquals(want[0], got[0]);
            assertEquals(Double.parseDouble(want[1]), Double.parseDouble(got[1]), 1e-6, "query " + want[0]);
        }
    }
}
