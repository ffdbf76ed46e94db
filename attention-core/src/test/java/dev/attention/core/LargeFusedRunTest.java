package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fused path needs memory linear in n: 16384 × 16384 attention runs in a JVM capped at 256 MiB,
 * where the general path's float32 scores alone would take 1 GiB. Not a timing test: the limit
 * only stops a hung child.
 */
class LargeFusedRunTest {
    @Test
    void sixteen_thousand_queries_and_keys_run_in_256_mib() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Under surefire the class path may be a manifest-only jar; java -cp follows its Class-Path.
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
        // The child takes the path this JVM takes: SIMD when the Vector API is here, else scalar.
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LargeFusedRun.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process child = pb.start();
        byte[] out;
        try {
            out = child.getInputStream().readAllBytes();
            assertTrue(child.waitFor(10, TimeUnit.MINUTES), "child JVM finished");
        } finally {
            child.destroyForcibly();
        }
        String text = new String(out, StandardCharsets.UTF_8);
        // The child's one line (time, error, heap) in the build log, for whoever checks the run time.
        System.out.print("LargeFusedRun: " + text);
        assertEquals(0, child.exitValue(), text);
        // The JVM's own notice when started with the incubator module is not ours to judge.
        String ours = text.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules"))
                .collect(Collectors.joining("\n"));
        assertTrue(ours.startsWith("OK "), text);
    }
}
