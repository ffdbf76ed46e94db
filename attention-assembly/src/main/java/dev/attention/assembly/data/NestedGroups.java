package dev.attention.assembly.data;

import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rows grouped by several columns, outermost first ({@code document, sentence}): each row lands in
 * {@code [G_1, G_2, …, G_g, T, d]}, padded with zeros to the largest count at every level, with
 * lengths per level (tokens per sentence, sentences per document, …). Within a group, the rows of
 * each subgroup must be contiguous; a subgroup id only needs to be unique within its parent, so
 * sentence ids may restart in every document. Row labels, when given, are kept per innermost group
 * (a sentence's tokens), empty for padded groups.
 */
final class NestedGroups {
    /** A group: its rows (innermost level) or its subgroups, in file order. */
    private static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        final List<Integer> rows = new ArrayList<>();
        String last;
    }

    private NestedGroups() {
    }

    /**
     * @param keys  per row, the group columns' values, outermost first
     * @param lines per row, its 1-based line in the file, for messages
     * @param rowLabels per row, its label column's text, when the input has one
     */
    static LoadedInput of(String shown, double[][] values, List<String[]> keys, List<Integer> lines,
            List<String> names, List<String> groupColumns, Optional<List<String>> rowLabels) {
        int depth = groupColumns.size();
        Node root = new Node();
        for (int r = 0; r < keys.size(); r++) {
            Node at = root;
            for (int level = 0; level < depth; level++) {
                String k = keys.get(r)[level];
                Node child = at.children.get(k);
                if (child == null) {
                    child = new Node();
                    at.children.put(k, child);
                } else if (!k.equals(at.last)) {
                    throw new DataException(shown, lines.get(r), groupColumns.get(level), "rows of "
                            + groupColumns.get(level) + " '" + k + "'" + (level == 0 ? "" : " (in "
                            + groupColumns.get(level - 1) + " '" + keys.get(r)[level - 1] + "')")
                            + " are not contiguous; sort the file by " + String.join(", then ", groupColumns));
                }
                at.last = k;
                at = child;
            }
            at.rows.add(r);
        }
        // shape[0..depth) the largest child count per level, shape[depth] the largest row count.
        int[] shape = new int[depth + 2];
        measure(root, 0, shape);
        shape[depth + 1] = names.size();
        Tensor.Builder t = Tensor.builder(DType.FLOAT64, shape);
        // lengths[k] is level k + 1: rows per innermost group first, top-level children last.
        List<int[]> lengths = new ArrayList<>();
        for (int k = 1; k <= depth; k++) {
            int count = 1;
            for (int a = 0; a < depth + 1 - k; a++) {
                count *= shape[a];
            }
            lengths.add(new int[count]);
        }
        List<List<String>> labels = new ArrayList<>();
        rowLabels.ifPresent(l -> {
            for (int g = 0; g < lengths.get(0).length; g++) {
                labels.add(new ArrayList<>());
            }
        });
        fill(root, 0, 0, shape, values, t, lengths, rowLabels, labels);
        List<String> top = new ArrayList<>(root.children.keySet());
        return new LoadedInput(t.build(), Optional.of(lengths.get(0)), names, shown, top, labels,
                lengths.subList(1, lengths.size()));
    }

    private static void measure(Node n, int level, int[] shape) {
        if (level == shape.length - 2) {
            shape[level] = Math.max(shape[level], n.rows.size());
            return;
        }
        shape[level] = Math.max(shape[level], n.children.size());
        for (Node c : n.children.values()) {
            measure(c, level + 1, shape);
        }
    }

    /** Writes {@code n}'s rows at flat position {@code index} over the axes before {@code level}. */
    private static void fill(Node n, int level, int index, int[] shape, double[][] values, Tensor.Builder t,
            List<int[]> lengths, Optional<List<String>> rowLabels, List<List<String>> labels) {
        int depth = shape.length - 2;
        if (level == depth) {
            int cols = shape[depth + 1];
            for (int i = 0; i < n.rows.size(); i++) {
                for (int c = 0; c < cols; c++) {
                    t.set((index * shape[depth] + i) * cols + c, values[n.rows.get(i)][c]);
                }
            }
            lengths.get(0)[index] = n.rows.size();
            rowLabels.ifPresent(l -> n.rows.forEach(r -> labels.get(index).add(l.get(r))));
            return;
        }
        if (level > 0) {
            lengths.get(depth - level)[index] = n.children.size();
        }
        int k = 0;
        for (Node c : n.children.values()) {
            fill(c, level + 1, index * shape[level] + k++, shape, values, t, lengths, rowLabels, labels);
        }
    }
}
