package dev.attention.assembly.pipeline;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.io.table.RowSource;
import java.util.Optional;

/**
 * A run meant for writing: the result, and its weights as a {@link RowSource}. When the pipeline
 * declares independent query rows and the queries are one unbatched matrix, the run skips the
 * weights and the writer's blocks of weight rows are recomputed by running the pipeline on those
 * query rows alone, so writing {@code weights.csv} needs {@code O(block · m)} memory instead of
 * {@code n × m} (one more forward pass in all). A row's result never depends on which rows share
 * its call, so the streamed weights are the ones a whole run returns.
 *
 * @param result  the output (and, when not streamed, whatever the pipeline returned)
 * @param weights the weights to write, if asked for and available
 */
public record StreamedRun(AttentionResult result, Optional<RowSource> weights) {
    private static final String QUERIES = "queries";

    /**
     * True when each output row of {@code pipeline} depends on its own query row only (and on every
     * key and value), so its queries may be run a chunk of rows at a time: what its variant declares.
     */
    public static boolean queryRowsIndependent(Pipeline pipeline) {
        return pipeline.independence().queryRows();
    }

    /** True when {@link #weights} are recomputed block by block rather than held whole. */
    public boolean weightsStreamed() {
        return weights.isPresent() && result.weights().isEmpty();
    }

    /** Runs {@code pipeline} on {@code inputs}; {@code weights} says whether to prepare the weights. */
    public static StreamedRun of(Pipeline pipeline, AttentionInputs inputs, boolean weights) {
        if (weights && queryRowsIndependent(pipeline) && inputs.has(QUERIES) && inputs.tensor(QUERIES).rank() == 2
                && inputs.lengths(QUERIES).isEmpty() && inputs.scoreBias().isEmpty() && inputs.segments().isEmpty()) {
            AttentionResult r = pipeline.run(inputs.withWeightsWanted(false));
            if (r.weights().isEmpty()) {
                return new StreamedRun(r, Optional.of(rows(pipeline, inputs, r)));
            }
            return new StreamedRun(r, Optional.of(RowSource.of(r.weights().get())));
        }
        AttentionResult r = pipeline.run(inputs);
        return new StreamedRun(r, weights ? r.weights().map(RowSource::of) : Optional.empty());
    }

    /** Weight rows recomputed from the query rows they belong to. */
    private static RowSource rows(Pipeline pipeline, AttentionInputs inputs, AttentionResult whole) {
        Tensor q = inputs.tensor(QUERIES);
        // One row run alone gives the weights' width without guessing which input holds the keys.
        Tensor probe = pipeline.run(inputs.with(QUERIES, slice(q, 0, Math.min(1, q.rows())))).weights()
                .orElseThrow(() -> new IllegalStateException(pipeline.describe() + " returned no weights"));
        int[] shape = {q.rows(), probe.cols()};
        DType dtype = whole.output().dtype();
        return new RowSource() {
            @Override
            public DType dtype() {
                return dtype;
            }

            @Override
            public int[] shape() {
                return shape.clone();
            }

            @Override
            public void rows(int batch, int i0, int count, double[] out) {
                Tensor w = pipeline.run(inputs.with(QUERIES, slice(q, i0, count))).weights().orElseThrow();
                for (int k = 0; k < count * shape[1]; k++) {
                    out[k] = w.at(k);
                }
            }
        };
    }

    private static Tensor slice(Tensor q, int i0, int rows) {
        int c = q.cols();
        double[] a = new double[rows * c];
        for (int k = 0; k < a.length; k++) {
            a[k] = q.at(i0 * c + k);
        }
        return Tensor.of(q.dtype(), new int[] {rows, c}, a);
    }
}
