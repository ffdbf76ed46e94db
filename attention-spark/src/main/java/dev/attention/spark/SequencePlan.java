package dev.attention.spark;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.ConfigException;
import dev.attention.api.DataException;
import dev.attention.api.Pipeline;
import dev.attention.api.PluginException;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.core.AttentionEngine;
import dev.attention.train.fit.Head;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * What every task scoring whole sequences needs, broadcast once.
 *
 * @param key   hash of everything else, naming the prepared pipeline in each executor's cache
 * @param field the sequence column's index in the input rows
 * @param width the width of every sequence row
 * @param levels 1 for a flat sequence ({@code array<array<double>>}); 2 or more for nested rows
 *              ({@code array<array<array<double>>>}: sentences of tokens, for {@code multilevel})
 */
record SequencePlan(String key, PipelineSpec spec, String column, int field, int width, int levels,
        int batchSequences)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The plan's pipeline, built once per JVM. */
    record Prepared(Pipeline pipeline, Optional<Head> head) {
    }

    Prepared prepare(AttentionEngine engine) {
        return new Prepared(spec.build(engine), spec.head());
    }

    /** The variant's output and, with a stored head, the head's prediction, for one batch. */
    record Scored(Tensor output, Optional<Tensor> prediction) {
    }

    /**
     * Runs {@code count} sequences as one padded batch {@code [count, longest, d]} (nested:
     * {@code [count, U_L, …, T, d]}) with their lengths per level, as the command line runs grouped
     * rows; padding is masked, so a sequence's result does not depend on its neighbours.
     *
     * @param sequences each a list of rows ({@code double[]}), or of sequences one level down
     */
    static Scored run(Prepared p, List<List<?>> sequences, int levels) {
        int count = sequences.size();
        int d = count == 0 ? 0 : width(sequences.get(0), levels);
        NestedBatch batch = NestedBatch.of(sequences, levels, d);
        Tensor x = batch.tensor();
        Tensor out;
        try {
            out = p.pipeline().run(AttentionInputs.builder()
                    .putNested(AttentionSpark.SEQUENCE, x, batch.lengths()).build()).output();
        } catch (ConfigException | DataException | PluginException e) {
            throw e;
        } catch (ShapeException e) {
            ShapeException placed = new ShapeException(where(p, x) + e.getMessage());
            placed.initCause(e);
            throw placed;
        } catch (AttentionException e) {
            throw new AttentionException(where(p, x) + e.getMessage(), e);
        }
        if (out.rank() != 3 || out.dim(0) != count) {
            throw new ShapeException(where(p, x) + "gave output " + ShapeException.format(out.shape())
                    + "; scoring sequences needs [sequences, rows, d]");
        }
        return new Scored(out, p.head().map(h -> h.apply(out)));
    }

    /** The longest sequence's length (top level): the padded batch's second axis. */
    static int longest(List<List<?>> sequences) {
        int longest = 0;
        for (List<?> s : sequences) {
            longest = Math.max(longest, s.size());
        }
        return longest;
    }

    /** The width of a (non-empty) sequence's first row. */
    private static int width(List<?> sequence, int levels) {
        Object first = sequence.get(0);
        return levels == 1 ? ((double[]) first).length : width((List<?>) first, levels - 1);
    }

    /**
     * Sequence b's rows of a batch result: its real rows when there is one per position (padding
     * rows are dropped), else all (e.g. pooling's single summary row).
     */
    static double[][] rows(Tensor t, int b, int length, int longest) {
        int n = t.rows() == longest ? length : t.rows();
        double[][] out = new double[n][t.cols()];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < t.cols(); j++) {
                out[i][j] = t.get(b, i, j);
            }
        }
        return out;
    }

    private static String where(Prepared p, Tensor x) {
        return "pipeline '" + p.pipeline().name() + "' (" + p.pipeline().describe() + ") on sequences "
                + ShapeException.format(x.shape()) + ": ";
    }
}
