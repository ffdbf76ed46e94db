package dev.attention.core.pipeline;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Pipeline;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.core.kernel.FusedForward;
import dev.attention.core.kernel.FusedSoftmaxKernel;
import dev.attention.core.kernel.KernelExecutor;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code global / dot|scaled-dot / softmax} pipeline run by the fused kernel: same inputs, same
 * {@link AttentionResult} as the plugins compute, without the {@code n × m} scores. Weights, when
 * asked for, are recomputed from each row's log-sum-exp. Everything else (input checks, backward,
 * parameters) is the general pipeline's. Immutable and thread-safe.
 */
final class FusedPipeline extends GeneralPathPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(FusedPipeline.class);
    private static final String QUERIES = "queries";
    private static final String KEYS = "keys";
    private static final String VALUES = "values";

    private final FusedSoftmaxKernel kernel;
    private final KernelExecutor executor;
    private final boolean weights;

    FusedPipeline(AssembledPipeline general, FusedSoftmaxKernel kernel, KernelExecutor executor, boolean weights) {
        super(general);
        this.kernel = kernel;
        this.executor = executor;
        this.weights = weights;
    }

    @Override
    public AttentionResult run(AttentionInputs inputs) {
        FusedForward f = forward(inputs);
        if (!weights) {
            // forward() has checked the output; a second scan cost ~10 % of a small batched call.
            return AttentionResult.of(Map.of(AttentionResult.OUTPUT, f.output()));
        }
        return general.requireFinite(AttentionResult.of(f.output(), f.weights(executor, kernel.queryBlock())));
    }

    /** The fused pass alone: output and log-sum-exps, weights left to be recomputed on demand. */
    FusedForward forward(AttentionInputs inputs) {
        AttentionInputs in = general.converted(inputs);
        Tensor q = in.tensor(QUERIES);
        Tensor k = in.tensor(KEYS);
        Tensor v = in.tensor(VALUES);
        Optional<int[]> keyLengths = in.lengths(KEYS);
        Optional<int[]> valueLengths = in.lengths(VALUES);
        if (valueLengths.isPresent() && !Arrays.equals(valueLengths.get(), keyLengths.orElseGet(() -> full(k)))) {
            throw new ShapeException("values lengths " + Arrays.toString(valueLengths.get())
                    + " differ from keys lengths "
                    + keyLengths.map(Arrays::toString).orElse(Arrays.toString(full(k)) + " (keys are unpadded)"));
        }
        LOG.debug("{}: fused kernel ({}) on queries {}, keys {}, values {}, {} thread(s), weights {}", name(),
                kernel, ShapeException.format(q.shape()), ShapeException.format(k.shape()),
                ShapeException.format(v.shape()), executor.threads(), weights ? "recomputed" : "not built");
        FusedForward f = kernel.forward(q, k, v, in.lengths(QUERIES).orElse(null), keyLengths.orElse(null),
                executor);
        general.requireFinite(AttentionResult.of(Map.of(AttentionResult.OUTPUT, f.output())));
        return f;
    }

    private static int[] full(Tensor t) {
        int[] l = new int[t.batchSize()];
        Arrays.fill(l, t.rows());
        return l;
    }

    /** Whether {@link #run} returns the weights. */
    boolean returnsWeights() {
        return weights;
    }

    @Override
    Pipeline around(AssembledPipeline general) {
        return new FusedPipeline(general, kernel, executor, weights);
    }

    @Override
    public String toString() {
        return general + " (fused)";
    }
}
