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
 * The backward pass needs memory linear in n: a causal step at n = 8192, E = 512, 8 heads, float32
 * (the weights of its 8 heads alone would take 2 GiB) runs in a JVM capped at 1 GiB. Not a
 * timing test: the limit only stops a hung child.
 */
class LargeBackwardRunTest {
    @Test
    void a_causal_backward_step_at_n_8192_and_width_512_runs_in_1_gib() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Under surefire the class path may be a manifest-only jar; java -cp follows its Class-Path.
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx1g", "-XX:+ExitOnOutOfMemoryError"));
        // The child takes the path this JVM takes: SIMD when the Vector API is here, else scalar.
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LargeBackwardRun.class.getName()));
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
        System.out.print("LargeBackwardRun: " + text);
        assertEquals(0, child.exitValue(), text);
        // The JVM's own notice when started with the incubator module is not ours to judge.
        String ours = text.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules"))
                .collect(Collectors.joining("\n"));
        assertTrue(ours.startsWith("OK "), text);
    }
}
