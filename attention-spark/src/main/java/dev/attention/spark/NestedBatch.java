package dev.attention.spark;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Sequences of one or more nesting levels as one padded batch with lengths per level, the layout
 * {@code AttentionInputs.putNested} takes. A sequence with {@code levels} levels is a list whose
 * entries are feature rows ({@code double[]}) at level 1, else sequences one level down (a document's
 * sentences, each a list of its tokens' rows). The batch is {@code [B, U_L, …, U_2, T, d]}, every axis
 * as long as its longest entry; padding is zeros and its lengths mark it.
 *
 * @param tensor  the padded batch
 * @param lengths innermost first: {@code lengths.get(k − 1)} has one entry per index of the axes
 *                before level k's axis (0 for a padded unit)
 */
record NestedBatch(Tensor tensor, List<int[]> lengths) {

    static NestedBatch of(List<List<?>> sequences, int levels, int d) {
        int count = sequences.size();
        // longest[k] is the padded length of level k's axis (k = 1: rows).
        int[] longest = new int[levels + 1];
        for (List<?> s : sequences) {
            measure(s, levels, longest);
        }
        int[] shape = new int[levels + 2];
        shape[0] = count;
        for (int k = levels; k >= 1; k--) {
            shape[levels + 1 - k] = longest[k];
        }
        shape[levels + 1] = d;
        List<int[]> lengths = new ArrayList<>();
        int prefix = count;
        int[][] byLevel = new int[levels + 1][];
        for (int k = levels; k >= 1; k--) {
            byLevel[k] = new int[prefix];
            prefix *= longest[k];
        }
        double[] data = new double[prefix * d];
        for (int b = 0; b < count; b++) {
            place(sequences.get(b), levels, b, longest, byLevel, data, d);
        }
        for (int k = 1; k <= levels; k++) {
            lengths.add(byLevel[k]);
        }
        return new NestedBatch(Tensor.of(DType.FLOAT64, shape, data), lengths);
    }

    private static void measure(List<?> unit, int level, int[] longest) {
        longest[level] = Math.max(longest[level], unit.size());
        if (level > 1) {
            for (Object child : unit) {
                measure((List<?>) child, level - 1, longest);
            }
        }
    }

    /** Writes {@code unit}, the entry at flat index {@code prefix} of the axes before level's axis. */
    private static void place(List<?> unit, int level, int prefix, int[] longest, int[][] byLevel, double[] data,
            int d) {
        byLevel[level][prefix] = unit.size();
        for (int i = 0; i < unit.size(); i++) {
            int at = prefix * longest[level] + i;
            if (level == 1) {
                System.arraycopy((double[]) unit.get(i), 0, data, at * d, d);
            } else {
                place((List<?>) unit.get(i), level - 1, at, longest, byLevel, data, d);
            }
        }
    }
}
