package dev.attention.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on 127.0.0.1 for integration tests: one master and some workers, each a
 * JVM of its own started from the classes a distribution's {@code sbin/start-master.sh} and
 * {@code start-worker.sh} start, with a SPARK_HOME assembled from the Maven class path's Spark jars
 * (a worker launches executors from {@code SPARK_HOME/jars}). Every port is chosen free when the
 * cluster starts. {@link #close()} stops every process it started and their descendants (the
 * executors); a shutdown hook does the same if the test JVM exits first.
 */
final class StandaloneCluster implements AutoCloseable {
    /** The opens Spark's launcher adds on Java 17 (the surefire argLine's list). */
    static final List<String> OPENS = List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io",
            "java.net", "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch",
            "sun.nio.cs", "sun.security.action", "sun.util.calendar");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A process this cluster started, with its log. */
    record Daemon(String name, Process process, Path log, int uiPort) {
    }

    private final Path home;
    private final Path dir;
    private final List<Daemon> started = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread hook = new Thread(this::stopAll, "standalone-cluster-stop");
    private Daemon master;
    private int masterPort;
    private final List<Daemon> workers = new ArrayList<>();

    private StandaloneCluster(Path dir, Path home) {
        this.dir = dir;
        this.home = home;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts a master and {@code workers} workers of 1 core and {@code workerMemory} each under
     * {@code dir}, and returns once the master lists them all alive.
     */
    static StandaloneCluster start(Path dir, List<Path> sparkJars, int workers, String workerMemory)
            throws IOException, InterruptedException {
        StandaloneCluster c = new StandaloneCluster(dir, sparkHome(dir.resolve("spark-home"), sparkJars));
        boolean ok = false;
        try {
            int[] ports = freePorts(2 + 2 * workers);
            c.masterPort = ports[0];
            c.master = c.launch("master", ports[1], "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", String.valueOf(ports[0]), "--webui-port", String.valueOf(ports[1]));
            c.await("the master to be ALIVE", () -> "ALIVE".equals(c.masterJson().path("status").asText()));
            for (int i = 0; i < workers; i++) {
                Path work = Files.createDirectories(dir.resolve("work-" + i));
                c.workers.add(c.launch("worker-" + i, ports[3 + 2 * i], "org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--port", String.valueOf(ports[2 + 2 * i]),
                        "--webui-port", String.valueOf(ports[3 + 2 * i]), "--cores", "1", "--memory", workerMemory,
                        "--work-dir", work.toString(), c.masterUrl()));
            }
            c.await(workers + " workers ALIVE", () -> c.aliveWorkers() == workers);
            ok = true;
            return c;
        } finally {
            if (!ok) {
                c.close(); // await's message already carries the logs
            }
        }
    }

    /** A SPARK_HOME whose {@code jars/} links to {@code jars} and whose {@code conf/} sets the logging. */
    private static Path sparkHome(Path home, List<Path> jars) throws IOException {
        Path lib = Files.createDirectories(home.resolve("jars"));
        for (Path jar : jars) {
            Path link = lib.resolve(jar.getFileName());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, jar.toAbsolutePath());
            }
        }
        Path conf = Files.createDirectories(home.resolve("conf"));
        // Spark's own INFO lines say what the master, workers and executors did: the failure dump needs them.
        Files.writeString(conf.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.stderr.ref = console",
                "appender.console.type = Console",
                "appender.console.name = console",
                "appender.console.target = SYSTEM_ERR",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n",
                "logger.jetty.name = org.sparkproject.jetty",
                "logger.jetty.level = warn", ""));
        return home;
    }

    /** {@code n} distinct ports free now, held open together so that none is chosen twice. */
    static int[] freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                s.setReuseAddress(true);
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    Path home() {
        return home;
    }

    List<Daemon> workers() {
        return List.copyOf(workers);
    }

    /** {@code java} with the opens and the SPARK_HOME class path (conf first, as spark-class puts it). */
    List<String> java(String heap) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap));
        OPENS.forEach(p -> cmd.add("--add-opens=java.base/" + p + "=ALL-UNNAMED"));
        cmd.add("-Djdk.reflect.useDirectMethodHandle=false");
        cmd.addAll(List.of("-cp", home.resolve("conf") + File.pathSeparator + home.resolve("jars") + File.separator + "*"));
        return cmd;
    }

    /** Starts {@code mainClass} with {@code args} in its own JVM, output to {@code <name>.log}; tracked for close. */
    Daemon launch(String name, int uiPort, String mainClass, String... args) throws IOException {
        List<String> cmd = java("512m");
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        environment(pb.environment());
        Daemon d = new Daemon(name, pb.start(), log, uiPort);
        started.add(d);
        return d;
    }

    /** What sbin's scripts export: the home executors are launched from, and loopback only. */
    void environment(Map<String, String> env) {
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_CONF_DIR", home.resolve("conf").toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOG_DIR", dir.toString());
        env.remove("SPARK_WORKER_INSTANCES");
    }

    JsonNode masterJson() throws IOException, InterruptedException {
        return json(master.uiPort(), "/json/").orElseThrow(() -> new IOException("the master's UI does not answer"));
    }

    /** GET http://127.0.0.1:port + path as JSON, empty when nothing answers (yet). */
    Optional<JsonNode> json(int port, String path) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    int aliveWorkers() throws IOException, InterruptedException {
        int n = 0;
        for (JsonNode w : masterJson().path("workers")) {
            if ("ALIVE".equals(w.path("state").asText())) {
                n++;
            }
        }
        return n;
    }

    /** Polls {@code condition} until true; fails naming {@code what} and dumping the logs after the timeout. */
    void await(String what, Check condition) throws InterruptedException {
        long end = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            for (Daemon d : started) {
                if (!d.process().isAlive() && (d == master || workers.contains(d))) {
                    throw new IllegalStateException("waiting for " + what + ": " + d.name() + " exited with "
                            + d.process().exitValue() + "\n" + logs());
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("timed out after " + START_TIMEOUT + " waiting for " + what + "\n" + logs());
    }

    /** A condition polled by {@link #await}. */
    interface Check {
        boolean holds() throws IOException, InterruptedException;
    }

    /** Kills {@code worker} and its executors at once (SIGKILL), as a machine lost would; waits for them to be gone. */
    void kill(Daemon worker) throws InterruptedException {
        List<ProcessHandle> executors = worker.process().descendants().toList();
        worker.process().destroyForcibly();
        executors.forEach(ProcessHandle::destroyForcibly);
        worker.process().waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle e : executors) {
            e.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> e).join();
        }
    }

    /** The last lines of every log: the daemons' and the executors' (under each worker's work dir). */
    String logs() {
        StringBuilder sb = new StringBuilder();
        List<Path> logs = new ArrayList<>();
        started.forEach(d -> logs.add(d.log()));
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> p.toString().contains("work-") && (p.endsWith("stderr") || p.endsWith("stdout")))
                    .sorted().forEach(logs::add);
        } catch (IOException | UncheckedIOException e) {
            sb.append("(cannot list the executors' logs: ").append(e).append(")\n");
        }
        for (Path log : logs) {
            sb.append("==== ").append(dir.relativize(log)).append(" (last 60 lines) ====\n");
            try {
                List<String> lines = Files.readAllLines(log);
                lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(l -> sb.append(l).append('\n'));
            } catch (IOException | UncheckedIOException e) {
                sb.append("(unreadable: ").append(e).append(")\n");
            }
        }
        return sb.toString();
    }

    /** Stops every process started, children first, then forcibly whatever is left. */
    private void stopAll() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Daemon d : started) {
            d.process().descendants().forEach(all::add);
            all.add(d.process().toHandle());
        }
        all.forEach(ProcessHandle::destroy);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (ProcessHandle h : all) {
            long left = Math.max(0, end - System.nanoTime());
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Processes started by this cluster, and their descendants, still alive. */
    List<ProcessHandle> alive() {
        List<ProcessHandle> out = new ArrayList<>();
        for (Daemon d : started) {
            d.process().descendants().filter(ProcessHandle::isAlive).forEach(out::add);
            if (d.process().isAlive()) {
                out.add(d.process().toHandle());
            }
        }
        return out;
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }

    /** Tracks a process started outside {@link #launch} (a spark-submit) so that close stops it too. */
    Daemon track(String name, Process p, Path log, int uiPort) {
        Daemon d = new Daemon(name, p, log, uiPort);
        started.add(d);
        return d;
    }
}
