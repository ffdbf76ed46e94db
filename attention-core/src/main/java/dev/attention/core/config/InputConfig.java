package dev.attention.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where one named input comes from: a CSV file (columns chosen by name or 0-based index, rows
 * optionally grouped into padded batch elements by a column) or inline rows.
 *
 * @param name     the input name, e.g. {@code keys}
 * @param file     the CSV file, resolved against the config's folder; empty for inline data
 * @param columns  column names (String) or indices (Integer); empty = every column
 * @param header   whether the first line names the columns
 * @param group    a column whose value starts a new batch element when it changes
 * @param inline   rows given in the config instead of a file
 * @param position where the input was declared
 * @param labels   a text column (name or 0-based index) naming each row, e.g. its token; shown on
 *                 heatmap axes, never read as a number
 */
public record InputConfig(String name, Optional<Path> file, List<Object> columns, boolean header,
        Optional<String> group, Optional<double[][]> inline, Position position, Optional<Object> labels) {
    public InputConfig {
        columns = List.copyOf(columns);
    }

    /** An input without a label column. */
    public InputConfig(String name, Optional<Path> file, List<Object> columns, boolean header,
            Optional<String> group, Optional<double[][]> inline, Position position) {
        this(name, file, columns, header, group, inline, position, Optional.empty());
    }
}
