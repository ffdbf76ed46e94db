package dev.attention.kernel;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/**
 * How often an {@link EngineKernel} was called: a snapshot, so a caller can tell which path a run
 * took ({@link #since}). Reported by the engine under {@code -v}, and by the benchmarks' path column.
 *
 * @param attends   forward passes
 * @param backwards backward passes
 * @param matmuls   matrix products (including {@code linear})
 */
@API(status = MAINTAINED)
public record KernelUse(long attends, long backwards, long matmuls) {
    /** The calls made between {@code earlier} and this snapshot. */
    public KernelUse since(KernelUse earlier) {
        return new KernelUse(attends - earlier.attends, backwards - earlier.backwards, matmuls - earlier.matmuls);
    }

    /** The calls of this and {@code other} together. */
    public KernelUse plus(KernelUse other) {
        return new KernelUse(attends + other.attends, backwards + other.backwards, matmuls + other.matmuls);
    }

    /** No call at all: the plugins computed everything with their own code. */
    public boolean none() {
        return attends == 0 && backwards == 0 && matmuls == 0;
    }

    /** E.g. {@code "kernel: 2 attend, 1 backward, 6 matmul"} or {@code "general code (no kernel call)"}. */
    public String describe() {
        if (none()) {
            return "general code (no kernel call)";
        }
        StringBuilder sb = new StringBuilder("kernel:");
        String sep = " ";
        if (attends > 0) {
            sb.append(sep).append(attends).append(" attend");
            sep = ", ";
        }
        if (backwards > 0) {
            sb.append(sep).append(backwards).append(" backward");
            sep = ", ";
        }
        if (matmuls > 0) {
            sb.append(sep).append(matmuls).append(" matmul");
        }
        return sb.toString();
    }
}
