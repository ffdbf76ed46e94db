package dev.attention.core.data;

import dev.attention.api.Tensor;
import java.util.List;
import java.util.Optional;

/**
 * One input read from its source.
 *
 * @param tensor  {@code [rows, cols]}, or {@code [groups, maxRows, cols]} padded with zeros when
 *                grouped
 * @param lengths real rows per group when grouped
 * @param columns the column names, for labelling outputs
 * @param source  file name (or {@code inline}) for messages
 * @param groups  the group column's value for each batch element, in order; empty when ungrouped
 * @param labels  the label column's text per batch element (one list when ungrouped) and real row;
 *                empty when the input has no label column
 */
public record LoadedInput(Tensor tensor, Optional<int[]> lengths, List<String> columns, String source,
        List<String> groups, List<List<String>> labels) {
    public LoadedInput {
        columns = List.copyOf(columns);
        groups = List.copyOf(groups);
        labels = labels.stream().map(List::copyOf).toList();
    }

    /** An input without labels. */
    public LoadedInput(Tensor tensor, Optional<int[]> lengths, List<String> columns, String source,
            List<String> groups) {
        this(tensor, lengths, columns, source, groups, List.of());
    }

    /** An ungrouped input. */
    public LoadedInput(Tensor tensor, Optional<int[]> lengths, List<String> columns, String source) {
        this(tensor, lengths, columns, source, List.of());
    }
}
