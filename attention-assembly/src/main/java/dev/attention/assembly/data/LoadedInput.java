package dev.attention.assembly.data;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.Tensor;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One input read from its source.
 *
 * @param tensor  {@code [rows, cols]}, or {@code [groups, maxRows, cols]} padded with zeros when
 *                grouped
 * @param lengths real rows per group when grouped
 * @param columns the column names, for labelling outputs
 * @param source  file name (or {@code inline}) for messages
 * @param groups  the (outermost) group column's value for each batch element, in order; empty when
 *                ungrouped
 * @param labels  the label column's text per batch element (one list when ungrouped; one per
 *                innermost group when nested) and real row; empty when the input has no label column
 * @param outerLengths for nested groups ({@code group: [document, sentence]}), the lengths of levels
 *                2, 3, … (sentences per document, …; see {@code AttentionInputs.lengths(name, level)});
 *                {@code lengths} is level 1. Empty otherwise.
 */
@API(status = MAINTAINED)
public record LoadedInput(Tensor tensor, Optional<int[]> lengths, List<String> columns, String source,
        List<String> groups, List<List<String>> labels, List<int[]> outerLengths) {
    public LoadedInput {
        columns = List.copyOf(columns);
        groups = List.copyOf(groups);
        labels = labels.stream().map(List::copyOf).toList();
        outerLengths = List.copyOf(outerLengths);
    }

    /** An input grouped by at most one column. */
    public LoadedInput(Tensor tensor, Optional<int[]> lengths, List<String> columns, String source,
            List<String> groups, List<List<String>> labels) {
        this(tensor, lengths, columns, source, groups, labels, List.of());
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

    /** Levels of nesting: 0 ungrouped, 1 grouped by one column, 2 for {@code [document, sentence]}, …. */
    public int nesting() {
        return lengths.isEmpty() ? 0 : 1 + outerLengths.size();
    }
}
