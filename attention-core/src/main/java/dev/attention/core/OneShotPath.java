package dev.attention.core;

import dev.attention.api.Tensor;
import java.util.Collection;
import java.util.Locale;

/**
 * The kernel path of a job in a one-shot process (decision 46). On Java 17 the Vector API is fast
 * only once C2 has compiled the kernel; until then each vector operation runs as a library fallback,
 * about a microsecond apiece, and the C2 queue fills with those fallbacks first. A cold process
 * reaches compiled SIMD code about 1.5 s of CPU after the first call, while the scalar kernel is
 * compiled within milliseconds. So a job whose scalar run ends before that takes the scalar path;
 * a long-lived process never asks.
 */
final class OneShotPath {
    /**
     * Estimated multiply-adds from which the SIMD path wins a cold run. bench/oneshot.sh on 2 cores
     * with AVX-512: global attention, d 64, float32, SIMD against scalar as whole processes. Since
     * the scalar kernel's vectorised loops (decision 66): 12288² (1.9e10) 3.19 s against 2.49 s,
     * 16384² (3.4e10) about equal (3.46 s against 3.54 s).
     */
    static final double SIMD_FROM = 3.4e10;
    /** Overrides {@link #SIMD_FROM} (e.g. for another machine, or 0 to always take SIMD). */
    static final String PROPERTY = "attention.one-shot.simd-from";

    private OneShotPath() {
    }

    /**
     * A job's size for this choice, in multiply-adds: the scores and the weighted values,
     * 2 × batch × most rows × fewest rows × widest input over its data inputs (2·n·m·d for queries
     * [n, d] against keys [m, d], 2·b·n²·E for a sequence [b, n, E]), plus every learned matrix
     * [r, c] applied to each of batch × most rows (multi-head's four projections: 4·b·n·E²).
     * An estimate, not a count: it only has to order jobs by their kernel work.
     */
    static double work(Collection<Tensor> inputs, Collection<Tensor> parameters) {
        if (inputs.isEmpty()) {
            return 0;
        }
        double batch = 1;
        int most = 0;
        int fewest = Integer.MAX_VALUE;
        int widest = 0;
        for (Tensor t : inputs) {
            batch = Math.max(batch, t.batchSize());
            most = Math.max(most, t.rows());
            fewest = Math.min(fewest, t.rows());
            widest = Math.max(widest, t.cols());
        }
        double work = 2 * batch * most * fewest * widest;
        for (Tensor w : parameters) {
            if (w.rank() == 2) {
                work += batch * most * w.rows() * w.cols();
            }
        }
        return work;
    }

    /** Whether a one-shot job of {@code work} takes the SIMD path. */
    static boolean vectorCode(double work) {
        return work >= simdFrom();
    }

    private static double simdFrom() {
        String v = System.getProperty(PROPERTY);
        if (v == null) {
            return SIMD_FROM;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new dev.attention.api.ConfigException("-D" + PROPERTY, "'" + v + "' is not a number",
                    "give the estimated multiply-adds from which a one-shot run takes SIMD, e.g. 3.4e10");
        }
    }

    /** The -v line saying why. */
    static String reason(String job, double work) {
        return String.format(Locale.ROOT, "%s: one-shot run of about %.2g multiply-adds: %s", job, work,
                vectorCode(work) ? "the SIMD kernel (large enough to earn back the JIT warm-up of its vector code)"
                        : "the scalar kernel (it finishes before the SIMD kernel's vector code would be compiled;"
                                + " from about " + String.format(Locale.ROOT, "%.1g", simdFrom()) + ", -D" + PROPERTY + ")");
    }
}
