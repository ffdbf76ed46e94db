package dev.attention.train.fit;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.Tensor;
import java.util.Arrays;

/**
 * Copies of chosen examples of tensors, as fit's mini-batches and search's folds take them: rows of
 * a matrix, entries of the leading dimension, groups of rows, and the matching padding lengths, key
 * masks and score biases.
 * Internal to the train module (search uses it too).
 */
public final class Slices {
    private Slices() {
    }

    /**
     * The chosen blocks of {@code t}, where block {@code e} is the {@code t.size() / blocks}
     * consecutive cells starting at {@code e · size / blocks}, in the order chosen; {@code shape} is
     * the result's shape.
     */
    static Tensor blocks(Tensor t, int blocks, int[] chosen, int[] shape) {
        int inner = t.size() / blocks;
        Tensor.Builder b = Tensor.builder(t.dtype(), shape);
        for (int e = 0; e < chosen.length; e++) {
            int from = chosen[e] * inner;
            for (int k = 0; k < inner; k++) {
                b.set(e * inner + k, t.at(from + k));
            }
        }
        return b.build();
    }

    /** Rows {@code chosen} of a {@code [n, d]} matrix, in that order. */
    public static Tensor rows(Tensor t, int[] chosen) {
        return blocks(t, t.rows(), chosen, new int[] {chosen.length, t.cols()});
    }

    /** Entries {@code chosen} of the leading dimension of a tensor of rank &gt; 2. */
    public static Tensor leading(Tensor t, int[] chosen) {
        int[] shape = t.shape();
        int lead = shape[0];
        shape[0] = chosen.length;
        return blocks(t, lead, chosen, shape);
    }

    /** Groups of {@code rows / examples} rows of a matrix, one group per example. */
    public static Tensor rowGroups(Tensor t, int examples, int[] chosen) {
        return blocks(t, examples, chosen, new int[] {chosen.length * (t.rows() / examples), t.cols()});
    }

    /** The padding lengths (one per flattened batch element) of the chosen entries of a leading dimension of size {@code lead}. */
    public static int[] leadingLengths(int[] lengths, int lead, int[] chosen) {
        int inner = lengths.length / lead;
        int[] out = new int[chosen.length * inner];
        for (int e = 0; e < chosen.length; e++) {
            System.arraycopy(lengths, chosen[e] * inner, out, e * inner, inner);
        }
        return out;
    }

    /**
     * The key mask and score bias of {@code from} for the chosen entries of a leading dimension of
     * size {@code lead}, into {@code to}: key mask entries {@code keep[b·m + j]} of those entries; a
     * shared {@code [n, m]} bias whole, a {@code [L, …, n, m]} bias (L = lead, or lead·heads, …) its
     * blocks of those entries.
     */
    public static void leadingMasks(AttentionInputs from, AttentionInputs.Builder to, int lead, int[] chosen) {
        from.keyMask().ifPresent(keep -> to.keyMask(leadingKeyMask(keep, lead, chosen)));
        from.scoreBias().ifPresent(bias -> to.scoreBias(leadingBias(bias, lead, chosen)));
    }

    /**
     * The key mask and score bias of unbatched {@code from} when the queries are cut to {@code rows}
     * and the keys to {@code keys} (null: all keys stay): the bias's rows and columns, the key mask's
     * entries.
     */
    public static void rowMasks(AttentionInputs from, AttentionInputs.Builder to, int[] rows, int[] keys) {
        from.keyMask().ifPresent(keep -> to.keyMask(keys == null ? keep : pick(keep, keys)));
        from.scoreBias().ifPresent(bias -> to.scoreBias(biasRows(bias, rows, keys)));
    }

    static boolean[] leadingKeyMask(boolean[] keep, int lead, int[] chosen) {
        if (keep.length % lead != 0) {
            throw new AttentionException("a key mask of " + keep.length + " entries does not split into the " + lead
                    + " batch entries fitting cuts the data into; give one entry per key and batch element");
        }
        int inner = keep.length / lead;
        boolean[] out = new boolean[chosen.length * inner];
        for (int e = 0; e < chosen.length; e++) {
            System.arraycopy(keep, chosen[e] * inner, out, e * inner, inner);
        }
        return out;
    }

    static Tensor leadingBias(Tensor bias, int lead, int[] chosen) {
        int[] shape = bias.shape();
        if (shape.length == 2) {
            return bias; // [n, m], the same for every batch entry
        }
        if (shape[0] % lead != 0) {
            throw new AttentionException("a score bias (attn_mask) of shape " + Arrays.toString(shape)
                    + " does not split into the " + lead + " batch entries fitting cuts the data into;"
                    + " give it as [n, m], [batch, n, m] or [batch·heads, n, m]");
        }
        int per = shape[0] / lead;
        shape[0] = chosen.length * per;
        return blocks(bias, lead, chosen, shape);
    }

    /** Rows {@code rows} and columns {@code cols} (null = all) of every trailing {@code [n, m]} matrix. */
    static Tensor biasRows(Tensor bias, int[] rows, int[] cols) {
        int[] shape = bias.shape();
        int n = shape[shape.length - 2];
        int m = shape[shape.length - 1];
        int[] c = cols == null ? range(m) : cols;
        int matrices = bias.size() / (n * m);
        shape[shape.length - 2] = rows.length;
        shape[shape.length - 1] = c.length;
        Tensor.Builder b = Tensor.builder(bias.dtype(), shape);
        int k = 0;
        for (int h = 0; h < matrices; h++) {
            for (int i : rows) {
                for (int j : c) {
                    b.set(k++, bias.at(h * n * m + i * m + j));
                }
            }
        }
        return b.build();
    }

    private static boolean[] pick(boolean[] keep, int[] chosen) {
        boolean[] out = new boolean[chosen.length];
        for (int k = 0; k < chosen.length; k++) {
            out[k] = keep[chosen[k]];
        }
        return out;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
