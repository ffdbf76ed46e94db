package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds examples/third-party-plugin as a plugin author would (its own Maven build, against the
 * API and the TCK only, running its TCK tests), drops its jar in a plugin folder and runs its
 * plugins through the shipped jar; the one that declares softmax runs on the engine's kernel.
 *
 * <p>The example resolves our reactor artifacts from a private local repository under target/ into
 * which this test copies them (no {@code mvn install} of ours, no write to ~/.m2), and everything
 * else through a mirror onto the outer build's local repository, which already holds the plugins
 * and JUnit: no network, and about as fast as compiling four classes.
 */
class ThirdPartyPluginIT {
    private static final String VERSION = System.getProperty("attention.version", "0.1.0-SNAPSHOT");

    @TempDir
    Path tmp;

    @Test
    void the_example_plugin_builds_against_the_api_and_runs_from_a_plugin_folder() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path repo = Path.of("target", "it-repo").toAbsolutePath();
        publish(root, repo);
        Path settings = tmp.resolve("settings.xml");
        Files.writeString(settings, "<settings><mirrors><mirror><id>outer</id><mirrorOf>*</mirrorOf><url>"
                + Path.of(System.getProperty("outer.repo")).toUri() + "</url></mirror></mirrors></settings>");
        Path project = tmp.resolve("third-party-plugin");
        copyTree(root.resolve("examples/third-party-plugin"), project);
        Result build = run(project, 180, mvn(), "-q", "-B", "-s", settings.toString(),
                "-Dmaven.repo.local=" + repo, "package");
        assertEquals(0, build.code(), build.out() + build.err());

        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(project.resolve("target/attention-manhattan-power-1.0.0.jar"), plugins.resolve("manhattan-power.jar"));
        Files.writeString(tmp.resolve("train.csv"), "x,y\n1,10\n2,20\n4,40\n");
        Files.writeString(tmp.resolve("test.csv"), "x\n0.5\n3\n");
        double[] queries = {0.5, 3};
        // manhattan: s_j = −|q − x_j|, with softmax
        assertOutput(root, plugins, "manhattan", "softmax", queries, q -> {
            double[] w = new double[X.length];
            double sum = 0;
            for (int j = 0; j < X.length; j++) {
                w[j] = Math.exp(-Math.abs(q - X[j]));
                sum += w[j];
            }
            return weighted(w, sum);
        });
        // power with p = 3 on dot scores s_j = q·x_j (all positive here)
        Result power = assertOutput(root, plugins, "dot", "{id: power, p: 3}", queries, q -> {
            double[] w = new double[X.length];
            double sum = 0;
            for (int j = 0; j < X.length; j++) {
                w[j] = Math.pow(q * X[j], 3);
                sum += w[j];
            }
            return weighted(w, sum);
        });

        // tempered declares softmax at temperature t, so global attention runs it on the engine's kernel
        Result tempered = assertOutput(root, plugins, "dot", "{id: tempered, t: 0.5}", queries, q -> {
            double[] w = new double[X.length];
            double sum = 0;
            for (int j = 0; j < X.length; j++) {
                w[j] = Math.exp((q * X[j] - q * X[X.length - 1]) / 0.5);
                sum += w[j];
            }
            return weighted(w, sum);
        });
        assertTrue(tempered.err().matches("(?s).*run path: kernel: [0-9]+ attend.*"), tempered.err());
        assertTrue(power.err().contains("run path: general code"), power.err());

        Result listed = run(root, 60, java(), "-jar", System.getProperty("attention.jar"), "--plugins",
                plugins.toString(), "plugins");
        assertEquals(0, listed.code(), listed.err());
        for (String id : List.of("manhattan", "power", "tempered")) {
            assertTrue(listed.out().contains("  " + id + "  "), listed.out());
        }
        assertTrue(listed.out().contains("from manhattan-power.jar"), listed.out());
    }

    private static final double[] X = {1, 2, 4};
    private static final double[] Y = {10, 20, 40};

    private static double weighted(double[] w, double sum) {
        double acc = 0;
        for (int j = 0; j < w.length; j++) {
            acc += w[j] / sum * Y[j];
        }
        return acc;
    }

    /**
     * Runs global attention with the given components through the jar with {@code -v} and compares
     * each query's y; returns the run (its stderr holds the log).
     */
    private Result assertOutput(Path root, Path plugins, String alignment, String distribution, double[] queries,
            DoubleUnaryOperator expected) throws Exception {
        Path config = tmp.resolve(alignment + "-" + distribution.replaceAll("[^a-z0-9]", "") + ".yaml");
        // manhattan finds its plugin through --plugins, the other through the config's plugins: key
        boolean viaConfig = !alignment.equals("manhattan");
        Files.writeString(config, (viaConfig ? "plugins: " + tmp.relativize(plugins) + "\n" : "")
                + "name: third-party\npipeline:\n  variant: global\n  alignment: " + alignment
                + "\n  distribution: " + distribution + "\ninputs:\n  keys: {file: train.csv, columns: [x]}\n"
                + "  values: {file: train.csv, columns: [y]}\n  queries: {file: test.csv, columns: [x]}\n");
        Path out = tmp.resolve("out-" + config.getFileName());
        List<String> command = new java.util.ArrayList<>(List.of(java(), "-jar", System.getProperty("attention.jar"),
                "-v"));
        // A config's plugins: key loads code only with the user's consent on the command line.
        command.add(viaConfig ? "--trust-config-plugins" : "--plugins");
        if (!viaConfig) {
            command.add(plugins.toString());
        }
        command.addAll(List.of("run", config.toString(), "--out", out.toString()));
        Result r = run(root, 60, command.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out.resolve("output.csv"));
        assertEquals("query,y", lines.get(0));
        for (int i = 0; i < queries.length; i++) {
            assertEquals(expected.applyAsDouble(queries[i]), Double.parseDouble(lines.get(i + 1).split(",")[1]), 1e-12,
                    alignment + " / " + distribution + ", query " + queries[i]);
        }
        return r;
    }

    /** Our parent, BOM, API and TCK, laid out as {@code mvn install} would. */
    private static void publish(Path root, Path repo) throws IOException {
        put(repo, "attention-parent", "pom", root.resolve("pom.xml"));
        put(repo, "attention-bom", "pom", root.resolve("attention-bom/pom.xml"));
        for (String module : List.of("attention-api", "attention-tck")) {
            put(repo, module, "pom", root.resolve(module + "/pom.xml"));
            put(repo, module, "jar", root.resolve(module + "/target/" + module + "-" + VERSION + ".jar"));
        }
    }

    private static void put(Path repo, String artifact, String ext, Path from) throws IOException {
        assertTrue(Files.isRegularFile(from), "built " + from);
        Path dir = Files.createDirectories(repo.resolve("dev/attention/" + artifact + "/" + VERSION));
        Files.copy(from, dir.resolve(artifact + "-" + VERSION + "." + ext), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(p -> !from.relativize(p).startsWith("target")).toList()) {
                Path dest = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(f, dest);
                }
            }
        }
    }

    private static String mvn() {
        String home = System.getProperty("maven.home", "");
        String exe = File.separatorChar == '\\' ? "mvn.cmd" : "mvn";
        return home.isEmpty() ? exe : Path.of(home, "bin", exe).toString();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(Path dir, int seconds, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("it", ".out");
        Path err = Files.createTempFile("it", ".err");
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " took over " + seconds + " s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
