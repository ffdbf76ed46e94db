package dev.attention.assembly.pipeline;

/**
 * How a pipeline runs, beyond what it computes.
 *
 * @param weights   return the attention weights; false lets the fused kernel and the blockwise path
 *                  skip the {@code n × m} weights entirely (a config's {@code output.weights})
 * @param fastPaths allow the fused kernel and the blockwise path when the pipeline matches them;
 *                  false always runs the plugins' own computation in one piece (for comparisons)
 */
public record PipelineOptions(boolean weights, boolean fastPaths) {
    /** Weights returned, fast paths allowed. */
    public static final PipelineOptions DEFAULT = new PipelineOptions(true, true);
}
