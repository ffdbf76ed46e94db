package dev.attention.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The build runs the kernel tests twice: with the Vector API (SIMD path) and, in the surefire
 * execution that sets {@code attention.test.path=scalar}, without it. This holds each run to the
 * path it claims, so a misconfigured build cannot test one path twice.
 */
class PathSelectionTest {
    @Test
    void the_default_path_follows_the_presence_of_the_vector_api() {
        boolean scalarRun = "scalar".equals(System.getProperty("attention.test.path"));
        assertEquals(!scalarRun, VectorSupport.present(), "jdk.incubator.vector in the boot layer");
        assertEquals(!scalarRun, new EngineKernel(new KernelExecutor(1)).simd());
        assertEquals(false, new EngineKernel(new KernelExecutor(1), false).simd());
    }
}
