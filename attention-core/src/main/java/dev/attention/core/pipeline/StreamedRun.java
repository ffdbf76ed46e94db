package dev.attention.core.pipeline;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Pipeline;
import dev.attention.core.data.RowSource;
import dev.attention.core.kernel.FusedForward;
import java.util.Map;
import java.util.Optional;

/**
 * A run meant for writing: the result, and its weights as a {@link RowSource}. When the fused
 * kernel ran, the weights are rows recomputed from the log-sum-exps as the writer reads them, so
 * writing {@code weights.csv} needs {@code O(block · m)} memory instead of {@code n × m}.
 *
 * @param result  the output (and, from the other paths, whatever the pipeline returned)
 * @param weights the weights to write, if asked for and available
 */
public record StreamedRun(AttentionResult result, Optional<RowSource> weights) {

    /**
     * True when each output row of {@code pipeline} depends on its own query row only (and on every
     * key and value), so its queries may be run a chunk of rows at a time: the {@code global} variant,
     * on any path (fused, blockwise or in one piece).
     */
    public static boolean queryRowsIndependent(Pipeline pipeline) {
        return pipeline instanceof FusedPipeline || pipeline instanceof BlockwisePipeline
                || pipeline instanceof AssembledPipeline a && a.global();
    }

    /** True when {@link #weights} are recomputed block by block rather than held whole. */
    public boolean weightsStreamed() {
        return weights.isPresent() && result.weights().isEmpty();
    }

    /** Runs {@code pipeline} on {@code inputs}; {@code weights} says whether to prepare the weights. */
    public static StreamedRun of(Pipeline pipeline, AttentionInputs inputs, boolean weights) {
        if (weights && pipeline instanceof FusedPipeline) {
            FusedForward f = ((FusedPipeline) pipeline).forward(inputs);
            return new StreamedRun(AttentionResult.of(Map.of(AttentionResult.OUTPUT, f.output())),
                    Optional.of(rows(f)));
        }
        AttentionResult r = pipeline.run(inputs);
        return new StreamedRun(r, weights ? r.weights().map(RowSource::of) : Optional.empty());
    }

    private static RowSource rows(FusedForward f) {
        int[] shape = f.output().shape();
        shape[shape.length - 1] = f.keys();
        return new RowSource() {
            @Override
            public DType dtype() {
                return f.dtype();
            }

            @Override
            public int[] shape() {
                return shape.clone();
            }

            @Override
            public void rows(int batch, int i0, int count, double[] out) {
                f.weights(batch, i0, count, out);
            }
        };
    }
}
