package dev.attention.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SIMD path gives the same bits interpreted and JIT-compiled: the Vector API's fallbacks must
 * compute what its intrinsics compute, which holds only for lane-wise defined operations (an
 * unordered reduction or SVML's exp would differ). Otherwise a pipeline's first calls would not
 * match its later ones.
 */
class JitTierBitsTest {
    @Test
    void an_interpreted_jvm_computes_the_same_bits_as_compiled_code() throws Exception {
        assumeTrue(VectorSupport.present());
        String compiled = KernelBits.fingerprint(3000);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-Xint", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), KernelBits.class.getName())).start();
        try {
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(child.waitFor(5, TimeUnit.MINUTES), "child finished");
            assertEquals(0, child.exitValue(), new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(compiled, out);
        } finally {
            child.destroyForcibly();
        }
    }
}
