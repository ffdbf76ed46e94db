package dev.attention.spark;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.ConfigException;
import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.PluginException;
import dev.attention.api.Pipeline;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.core.AttentionEngine;
import dev.attention.train.fit.Head;
import java.io.Serializable;
import java.util.Optional;

/**
 * What every task scoring queries needs, broadcast once: the pipeline's spec, the keys and values,
 * how to read a query from a row and what to add to it.
 *
 * @param key hash of everything else, naming the prepared pipeline in each executor's cache
 */
record QueryPlan(String key, PipelineSpec spec, KeyValueData keyValues, QueryColumns columns, int topK,
        int batchRows) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The plan's pipeline and tensors, built once per JVM. */
    record Prepared(Pipeline pipeline, Tensor keys, Tensor values, Optional<Head> head) {
    }

    Prepared prepare(AttentionEngine engine) {
        return new Prepared(spec.build(engine), keyValues.keys().tensor(), keyValues.values().tensor(), spec.head());
    }

    /**
     * Runs {@code rows} queries ({@code [n, d_q]} in float64, as the command line loads a CSV) over
     * the keys and values. The result's {@code output} is the head's prediction when a head is stored.
     */
    static AttentionResult run(Prepared p, double[][] rows, int n) {
        Tensor.Builder b = Tensor.builder(DType.FLOAT64, n, rows.length == 0 ? 0 : rows[0].length);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                b.set(0, i, j, rows[i][j]);
            }
        }
        Tensor q = b.build();
        AttentionResult r;
        try {
            r = p.pipeline().run(AttentionInputs.builder().put("queries", q).put("keys", p.keys())
                    .put("values", p.values()).build());
        } catch (ConfigException | DataException | PluginException e) {
            throw e;
        } catch (ShapeException e) {
            ShapeException placed = new ShapeException(where(p, q) + e.getMessage());
            placed.initCause(e);
            throw placed;
        } catch (AttentionException e) {
            throw new AttentionException(where(p, q) + e.getMessage(), e);
        }
        if (r.output().rank() != 2 || r.output().rows() != n) {
            throw new ShapeException(where(p, q) + "gave output " + ShapeException.format(r.output().shape())
                    + "; scoring queries needs one output row per query");
        }
        if (p.head().isEmpty()) {
            return r;
        }
        return r.weights().isPresent() ? AttentionResult.of(p.head().get().apply(r.output()), r.weights().get())
                : AttentionResult.of(java.util.Map.of(AttentionResult.OUTPUT, p.head().get().apply(r.output())));
    }

    private static String where(Prepared p, Tensor q) {
        return "pipeline '" + p.pipeline().name() + "' (" + p.pipeline().describe() + ") on queries "
                + ShapeException.format(q.shape()) + ", keys " + ShapeException.format(p.keys().shape()) + ", values "
                + ShapeException.format(p.values().shape()) + ": ";
    }
}
