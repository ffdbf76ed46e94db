package dev.attention.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import dev.attention.api.Tensor;
import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import dev.attention.core.JobFiles;
import dev.attention.train.fit.FitResult;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * attention-spark.jar through {@code SparkSubmit} (client mode) on a real standalone cluster: a
 * master and two workers of one core each, in JVMs of their own, executors launched by the workers.
 * While the job writes OUTPUT, the worker of an executor running a task is killed with its executor;
 * the job must finish through Spark's retry on the other worker, with OUTPUT one committed set equal
 * to the engine's own run ({@code attention run}) on the same data. One job does both: each Spark
 * application costs its executors' start-up, and the test must stay short.
 */
class StandaloneClusterIT {
    private static final Path JAR = Path.of(System.getProperty("attention.spark.jar", "target/attention-spark.jar"))
            .toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The lost-worker job: enough partitions and work per row that its tasks run for a while. */
    private static final int KEYS = 8000;
    private static final int QUERIES = 40_000;
    private static final int PARTITIONS = 8;

    @TempDir
    static Path dir;
    private static StandaloneCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        List<Path> jars = Arrays.stream(Files.readString(Path.of(System.getProperty("cluster.classpath"))).trim()
                .split(File.pathSeparator)).map(Path::of).toList();
        cluster = StandaloneCluster.start(dir.resolve("cluster"), jars, 2, "1g");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
            assertEquals(List.of(), cluster.alive(), "every process the test started is gone");
        }
    }

    /** A running spark-submit of Main, with the ports of its driver and the event log it writes. */
    private record Submit(StandaloneCluster.Daemon daemon, int uiPort, Path events) {
        int waitFor() throws InterruptedException {
            if (!daemon.process().waitFor(900, TimeUnit.SECONDS)) {
                fail("spark-submit did not finish in 900 s\n" + cluster.logs());
            }
            return daemon.process().exitValue();
        }
    }

    /** Starts {@code SparkSubmit} as bin/spark-submit does: client mode, the master's URL, the shipped jar. */
    private static Submit submit(String name, List<String> conf, String... mainArgs) throws IOException {
        int[] ports = StandaloneCluster.freePorts(3);
        Path events = Files.createDirectories(dir.resolve(name + "-events"));
        List<String> cmd = cluster.java("1g");
        cmd.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", cluster.masterUrl(),
                "--deploy-mode", "client", "--name", name,
                "--executor-memory", "512m", "--executor-cores", "1", "--total-executor-cores", "2"));
        List<String> all = new ArrayList<>(List.of("spark.driver.host=127.0.0.1",
                "spark.driver.port=" + ports[0], "spark.driver.blockManager.port=" + ports[1],
                "spark.ui.port=" + ports[2], "spark.port.maxRetries=0",
                "spark.eventLog.enabled=true", "spark.eventLog.compress=false", "spark.eventLog.dir=" + events.toUri(),
                "spark.sql.shuffle.partitions=2", "spark.sql.adaptive.enabled=false"));
        all.addAll(conf);
        all.forEach(c -> cmd.addAll(List.of("--conf", c)));
        cmd.addAll(List.of("--class", "dev.attention.spark.Main", JAR.toString()));
        cmd.addAll(List.of(mainArgs));
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        cluster.environment(pb.environment());
        return new Submit(cluster.track(name, pb.start(), log, ports[2]), ports[2], events);
    }

    /** OUTPUT's CSV parts' rows (header dropped), ordered by their query number. */
    private static List<String> rows(Path output) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> parts = Files.list(output)) {
            for (Path part : parts.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                List<String> all = Files.readAllLines(part);
                lines.addAll(all.subList(1, all.size()));
            }
        }
        lines.sort((a, b) -> Long.compare(Long.parseLong(a.split(",")[0]), Long.parseLong(b.split(",")[0])));
        return lines;
    }

    /** Spark's output equals the engine's output.csv for the same config, row by row. */
    private static void assertSameAsEngine(Path config, Path output) throws IOException {
        assertEquals("whole set in file:" + output, OutputSets.check(new Configuration(), output.toString()).message()
                .substring(0, ("whole set in file:" + output).length()), "OUTPUT is one committed set");
        List<String[]> cli = MainTest.cliOutput(config, Files.createTempDirectory(dir, "engine"));
        List<String> got = rows(output);
        assertEquals(cli.size() - 1, got.size(), "rows in " + output);
        for (int i = 0; i < got.size(); i++) {
            String[] want = cli.get(i + 1);
            String[] row = got.get(i).split(",");
            assertEquals(want[0], row[0], "query number of row " + i);
            assertEquals(Double.parseDouble(want[1]), Double.parseDouble(row[1]), 1e-9, "query " + want[0]);
        }
    }

    @Test
    void a_worker_lost_mid_job_loses_nothing_and_the_output_equals_attention_run() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path config = writeData(data);
        Path queries = data.resolve("queries.csv");
        Path output = dir.resolve("out.csv");
        // Input files are cut into PARTITIONS splits, so that each executor gets several tasks.
        Submit s = submit("lost-worker", List.of("spark.sql.files.maxPartitionBytes=" + (Files.size(queries) / PARTITIONS + 1)),
                config.toString(), queries.toString(), output.toString());
        try {
            String victim = busyExecutor(s, dir.resolve(".out.csv.gen"));
            StandaloneCluster.Daemon worker = workerOf(victim);
            cluster.kill(worker);
            assertEquals(0, s.waitFor(), "spark-submit's exit code\n" + Files.readString(s.daemon().log()) + cluster.logs());
            List<JsonNode> ends = taskEnds(s.events());
            List<JsonNode> lost = ends.stream().filter(e -> reason(e).equals("ExecutorLostFailure")
                    && executor(e).equals(victim)).toList();
            assertFalse(lost.isEmpty(), "a task running on executor " + victim + " was lost with it");
            for (JsonNode l : lost) {
                assertTrue(ends.stream().anyMatch(e -> reason(e).equals("Success") && !executor(e).equals(victim)
                        && e.path("Stage ID").asInt() == l.path("Stage ID").asInt()
                        && index(e) == index(l)), "lost task " + index(l) + " of stage " + l.path("Stage ID")
                        + " was rerun on the other executor");
            }
            assertSameAsEngine(config, output);
        } finally {
            s.daemon().process().destroyForcibly();
        }
    }

    @Test
    void a_fit_on_the_cluster_equals_attention_fit_and_its_parameters_load() throws Exception {
        // The kernel-regression example with few epochs: each step's rows in two parts, one per executor.
        Path data = Files.createDirectories(dir.resolve("fit"));
        Files.copy(MainTest.EXAMPLES.resolve("kernel-regression/train.csv"), data.resolve("train.csv"));
        Path config = Files.writeString(data.resolve("fit.yaml"), Files.readString(
                MainTest.EXAMPLES.resolve("kernel-regression/fit.yaml")).replaceAll("(?m)^(\\s*epochs:) \\d+", "$1 6"));
        Path out = dir.resolve("fitted");
        Submit s = submit("fit", List.of(), "fit", config.toString(), out.toString(), "--partitions", "2");
        try {
            assertEquals(0, s.waitFor(), "spark-submit fit's exit code\n" + Files.readString(s.daemon().log())
                    + cluster.logs());
        } finally {
            s.daemon().process().destroyForcibly();
        }
        assertTrue(taskEnds(s.events()).stream().anyMatch(e -> reason(e).equals("Success")),
                "the fit's steps ran as tasks on the cluster's executors");
        AttentionEngine engine = Attention.engine();
        FitResult local = engine.fit(engine.load(config));
        Map<String, Tensor> onCluster = JobFiles.parameters(out.resolve("parameters.safetensors")).asMap();
        assertEquals(local.pipeline().parameters().names(), onCluster.keySet());
        local.pipeline().parameters().asMap().forEach((name, t) -> assertArrayEquals(t.toDoubleArray(),
                onCluster.get(name).toDoubleArray(), 1e-9, name));
        assertTrue(Files.isRegularFile(out.resolve("checkpoint.safetensors")));
        assertTrue(Files.readString(out.resolve("training.json")).contains("\"epochs_run\" : 6"));
    }

    private static String reason(JsonNode taskEnd) {
        return taskEnd.path("Task End Reason").path("Reason").asText();
    }

    private static String executor(JsonNode taskEnd) {
        return taskEnd.path("Task Info").path("Executor ID").asText();
    }

    private static int index(JsonNode taskEnd) {
        return taskEnd.path("Task Info").path("Index").asInt();
    }

    /**
     * Polls until the job writing OUTPUT has begun (its committer's {@code _temporary} folder is in
     * the generation) and the driver's REST API shows an executor running a task; returns its id.
     */
    private static String busyExecutor(Submit s, Path generations) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        while (System.nanoTime() < end && s.daemon().process().isAlive()) {
            var apps = cluster.json(s.uiPort(), "/api/v1/applications");
            if (writing(generations) && apps.isPresent() && apps.get().size() > 0) {
                String app = apps.get().get(0).path("id").asText();
                JsonNode executors = cluster.json(s.uiPort(), "/api/v1/applications/" + app + "/executors")
                        .orElse(JSON.createArrayNode());
                for (JsonNode e : executors) {
                    if (!e.path("id").asText().equals("driver") && e.path("activeTasks").asInt() > 0) {
                        return e.path("id").asText();
                    }
                }
            }
            Thread.sleep(100);
        }
        fail("no executor was seen running a task of the job writing OUTPUT\n" + Files.readString(s.daemon().log())
                + cluster.logs());
        return null;
    }

    private static boolean writing(Path generations) throws IOException {
        if (!Files.isDirectory(generations)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(generations, 2)) {
            return s.anyMatch(p -> p.getFileName().toString().equals("_temporary"));
        } catch (java.io.UncheckedIOException e) {
            return false; // a folder vanished while listed
        }
    }

    /** The worker whose JSON lists executor {@code id} (polled: a loaded worker's UI may answer late). */
    private static StandaloneCluster.Daemon workerOf(String id) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            for (StandaloneCluster.Daemon w : cluster.workers()) {
                var state = cluster.json(w.uiPort(), "/json/");
                if (state.isPresent()) {
                    for (JsonNode e : state.get().path("executors")) {
                        if (e.path("id").asText().equals(id)) {
                            return w;
                        }
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no worker lists executor " + id + "\n" + cluster.logs());
    }

    /** The event log's task-end events, as JSON. */
    private static List<JsonNode> taskEnds(Path events) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(events)) {
            // Spark 4 rolls the log into a folder of events_* files; its .crc and appstatus files are not events.
            for (Path f : files.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")
                    && !f.getFileName().toString().startsWith("appstatus")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    JsonNode e = JSON.readTree(line);
                    if (e.path("Event").asText().equals("SparkListenerTaskEnd")) {
                        out.add(e);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Seeded data for the lost-worker job and its config: {@value #KEYS} training points of
     * y = sin(2 x1) + x2² and {@value #QUERIES} queries on [-1, 1]², Gaussian kernel regression.
     */
    private static Path writeData(Path data) throws IOException {
        Random rng = new Random(24);
        StringBuilder train = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < KEYS; i++) {
            double x1 = rng.nextDouble() * 2 - 1;
            double x2 = rng.nextDouble() * 2 - 1;
            train.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f%n", x1, x2, Math.sin(2 * x1) + x2 * x2));
        }
        Files.writeString(data.resolve("train.csv"), train);
        StringBuilder queries = new StringBuilder("x1,x2\n");
        for (int i = 0; i < QUERIES; i++) {
            queries.append(String.format(Locale.ROOT, "%.4f,%.4f%n", rng.nextDouble() * 2 - 1, rng.nextDouble() * 2 - 1));
        }
        Files.writeString(data.resolve("queries.csv"), queries);
        Path config = data.resolve("config.yaml");
        Files.writeString(config, String.join("\n",
                "name: lost-worker",
                "pipeline:",
                "  variant: global",
                "  alignment: {id: gaussian, sigma: 0.2}",
                "  distribution: softmax",
                "inputs:",
                "  keys:    {file: train.csv, columns: [x1, x2]}",
                "  values:  {file: train.csv, columns: [y]}",
                "  queries: {file: queries.csv, columns: [x1, x2]}",
                "output:",
                "  weights: false", ""));
        return config;
    }
}
