package dev.attention.render;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.List;
import org.apiguardian.api.API;

/**
 * A table the page shows sortable, e.g. a search's leaderboard as {@code leaderboard.csv} holds it,
 * with the column plotted as the score against each searched parameter.
 *
 * @param columns      the header
 * @param rows         the cells, each row as long as the header
 * @param scoreColumn  the column plotted as the score (e.g. {@code mean})
 * @param parameters   per row, the searched parameters as name → value text (the plot's x axes)
 */
@API(status = MAINTAINED)
public record ViewTable(List<String> columns, List<List<String>> rows, String scoreColumn,
        List<java.util.Map<String, String>> parameters) {
    public ViewTable {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        // in the given order: the page offers the parameters in this order
        parameters = parameters.stream().map(m -> java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m)))
                .toList();
        for (List<String> r : rows) {
            if (r.size() != columns.size()) {
                throw new IllegalArgumentException("a row of " + r.size() + " cells under " + columns.size()
                        + " columns");
            }
        }
        if (!columns.contains(scoreColumn)) {
            throw new IllegalArgumentException("no score column '" + scoreColumn + "' in " + columns);
        }
        if (parameters.size() != rows.size()) {
            throw new IllegalArgumentException(parameters.size() + " parameter sets for " + rows.size() + " rows");
        }
    }
}
