package dev.attention.kernel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the float32 kernel may use the JDK Vector API. On Java 17 it is the incubator module
 * {@code jdk.incubator.vector}, present only when the JVM is started with
 * {@code --add-modules jdk.incubator.vector}; without it the scalar path runs. Classes that name
 * the Vector API ({@link SimdFloatForward}, {@link VectorExp}, …) are reached only through
 * {@link #tile}, after this check, so the jar links and runs without the flag. The system property
 * {@code attention.kernel.simd=false} turns the vector path off (for comparisons). Which path runs
 * is logged once, at INFO.
 */
final class VectorSupport {
    static final String PROPERTY = "attention.kernel.simd";
    private static final Logger LOG = LoggerFactory.getLogger(VectorSupport.class);
    private static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static final boolean ENABLED = PRESENT && !"false".equalsIgnoreCase(System.getProperty(PROPERTY));

    static {
        if (ENABLED) {
            LOG.info("fused kernel: float32 runs on the SIMD path (jdk.incubator.vector)");
        } else if (PRESENT) {
            LOG.info("fused kernel: scalar path ({}=false)", PROPERTY);
        } else {
            LOG.info("fused kernel: scalar path; start java with --add-modules jdk.incubator.vector for SIMD");
        }
    }

    private VectorSupport() {
    }

    /** The module is in the boot layer. */
    static boolean present() {
        return PRESENT;
    }

    /** The default for new kernels: present and not switched off. */
    static boolean enabledByDefault() {
        return ENABLED;
    }
}
