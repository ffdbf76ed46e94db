package dev.attention.assembly.pipeline;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Pipeline;
import dev.attention.api.Tensor;
import dev.attention.kernel.KernelExecutor;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The general path for a {@code global} pipeline the fused kernel does not cover, run on blocks of
 * query rows: global attention's rows are independent given the keys and values, so each block is
 * the plugin variant on a slice of the queries, and the outputs are concatenated. Only used when
 * the weights are not asked for, so the extra memory is {@code O(block · m)} per thread instead of
 * the {@code n × m} scores and weights. Blocks run in parallel; each is computed exactly as in one
 * piece, so results are bit-identical to the general path. Immutable and thread-safe.
 */
final class BlockwisePipeline extends GeneralPathPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(BlockwisePipeline.class);
    private static final String QUERIES = "queries";
    /** About a million score entries per block (8 MiB in float64), whatever m is. */
    static final int BLOCK_ENTRIES = 1 << 20;

    private final KernelExecutor executor;
    private final int blockEntries;

    /** @param blockEntries score entries per block ({@code rows · m}); a block has at least one row */
    BlockwisePipeline(AssembledPipeline general, KernelExecutor executor, int blockEntries) {
        super(general);
        this.executor = executor;
        this.blockEntries = blockEntries;
    }

    @Override
    public AttentionResult run(AttentionInputs inputs) {
        AttentionInputs in = general.converted(inputs);
        Tensor q = in.tensor(QUERIES);
        int n = q.rows();
        int m = in.has("keys") ? in.tensor("keys").rows() : 1;
        int block = Math.max(1, blockEntries / Math.max(1, m));
        if (n <= block || in.scoreBias().isPresent() || in.segments().isPresent()) {
            // A score bias has a row per query, segments bound the rows: run whole rather than slice the queries.
            LOG.debug("{}: general path ({} query rows fit one block)", name(), n);
            return outputOnly(general.forward(in));
        }
        int blocks = (n + block - 1) / block;
        LOG.debug("{}: blockwise general path, {} blocks of {} query rows, {} thread(s)", name(), blocks, block,
                executor.threads());
        Tensor.Builder out = Tensor.builder(q.dtype(), outputShape(in));
        Optional<int[]> lengths = in.lengths(QUERIES);
        try {
            executor.run(blocks, () -> task -> {
                int i0 = task * block;
                int rows = Math.min(block, n - i0);
                AttentionInputs.Builder b = in.toBuilder();
                if (lengths.isPresent()) {
                    b.put(QUERIES, slice(q, i0, rows), shifted(lengths.get(), i0, rows));
                } else {
                    b.put(QUERIES, slice(q, i0, rows));
                }
                Tensor part = general.forward(b.build()).output();
                paste(part, out, i0, n);
            });
        } catch (AttentionException e) {
            // Messages name rows within the failing block; the whole run names the real row.
            LOG.debug("{}: a block failed ({}); rerunning in one piece for the error", name(), e.getMessage());
            return outputOnly(general.forward(in));
        }
        // Every block's output was checked by the (checked) variant that computed it.
        return AttentionResult.of(Map.of(AttentionResult.OUTPUT, out.build()));
    }

    private static AttentionResult outputOnly(AttentionResult r) {
        return AttentionResult.of(Map.of(AttentionResult.OUTPUT, r.output()));
    }

    private static int[] outputShape(AttentionInputs in) {
        int[] s = in.tensor(QUERIES).shape();
        s[s.length - 1] = in.tensor("values").cols();
        return s;
    }

    /** Rows {@code i0 … i0+rows−1} of every batch element. */
    private static Tensor slice(Tensor t, int i0, int rows) {
        int[] shape = t.shape();
        shape[shape.length - 2] = rows;
        Tensor.Builder b = Tensor.builder(t.dtype(), shape);
        int c = t.cols();
        for (int e = 0; e < t.batchSize(); e++) {
            int from = (e * t.rows() + i0) * c;
            int to = e * rows * c;
            for (int k = 0; k < rows * c; k++) {
                b.set(to + k, t.at(from + k));
            }
        }
        return b.build();
    }

    /** The query lengths seen from a block starting at {@code i0}. */
    private static int[] shifted(int[] lengths, int i0, int rows) {
        int[] l = new int[lengths.length];
        for (int e = 0; e < l.length; e++) {
            l[e] = Math.max(0, Math.min(rows, lengths[e] - i0));
        }
        return l;
    }

    /** Copies a block's output rows into place; blocks write disjoint rows of the shared builder. */
    private static void paste(Tensor part, Tensor.Builder out, int i0, int n) {
        int rows = part.rows();
        int c = part.cols();
        for (int e = 0; e < part.batchSize(); e++) {
            int from = e * rows * c;
            int to = (e * n + i0) * c;
            for (int k = 0; k < rows * c; k++) {
                out.set(to + k, part.at(from + k));
            }
        }
    }

    @Override
    Pipeline around(AssembledPipeline general) {
        return new BlockwisePipeline(general, executor, blockEntries);
    }

    @Override
    public String toString() {
        return general + " (blockwise)";
    }
}
