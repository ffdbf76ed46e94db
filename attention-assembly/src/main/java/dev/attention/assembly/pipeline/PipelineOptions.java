package dev.attention.assembly.pipeline;

/**
 * How a pipeline runs, beyond what it computes.
 *
 * @param weights   return the attention weights; false lets the fused kernel and the blockwise path
 *                  skip the {@code n × m} weights entirely (a config's {@code output.weights})
 * @param fastPaths allow the fused kernel and the blockwise path when the pipeline matches them;
 *                  false always runs the plugins' own computation in one piece (for comparisons)
 * @param vectorCode let the engine kernel take its SIMD path where the Vector API is present; false
 *                  runs its scalar path (a one-shot job too small to earn back the JIT warm-up of
 *                  the vector code, decision 46). Both compute the same result within rounding.
 */
public record PipelineOptions(boolean weights, boolean fastPaths, boolean vectorCode) {
    /** Weights returned, fast paths allowed, SIMD where present. */
    public static final PipelineOptions DEFAULT = new PipelineOptions(true, true, true);

    /** SIMD where present. */
    public PipelineOptions(boolean weights, boolean fastPaths) {
        this(weights, fastPaths, true);
    }
}
