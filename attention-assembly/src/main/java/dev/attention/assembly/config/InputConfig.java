package dev.attention.assembly.config;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Where one named input comes from: a CSV file (columns chosen by name or 0-based index, rows
 * optionally grouped into padded batch elements by a column), a tensor file ({@code .npy}, or
 * {@code .safetensors} with the tensor's name), or inline rows. The file type is its extension.
 *
 * @param name     the input name, e.g. {@code keys}
 * @param file     the data file, resolved against the config's folder; empty for inline data
 * @param columns  column names (String) or indices (Integer); empty = every column (CSV only)
 * @param header   whether the first line names the columns (CSV only)
 * @param group    a column whose value starts a new batch element when it changes (CSV only; the
 *                 outermost of {@code groups})
 * @param tensor   the tensor to take from a {@code .safetensors} file; empty = its only tensor
 * @param inline   rows given in the config instead of a file
 * @param position where the input was declared
 * @param labels   a text column (name or 0-based index) naming each row, e.g. its token; shown on
 *                 heatmap axes, never read as a number
 * @param groups   every group column, outermost first: {@code [document, sentence]} nests rows into
 *                 sentences within documents; empty when ungrouped
 * @param image    how a {@code layout: image} input's 4-D array becomes sequences (tensor files
 *                 only); empty for every other input
 */
@API(status = MAINTAINED)
public record InputConfig(String name, Optional<Path> file, List<Object> columns, boolean header,
        Optional<String> group, Optional<String> tensor, Optional<double[][]> inline, Position position,
        Optional<Object> labels, List<String> groups, Optional<ImageLayout> image) {
    public InputConfig {
        columns = List.copyOf(columns);
        groups = List.copyOf(groups);
        if (!group.equals(groups.stream().findFirst())) {
            throw new IllegalArgumentException("group " + group + " must be the first of groups " + groups);
        }
    }

    /** An input that is not an image. */
    public InputConfig(String name, Optional<Path> file, List<Object> columns, boolean header,
            Optional<String> group, Optional<String> tensor, Optional<double[][]> inline, Position position,
            Optional<Object> labels, List<String> groups) {
        this(name, file, columns, header, group, tensor, inline, position, labels, groups, Optional.empty());
    }

    /** An input grouped by at most one column. */
    public InputConfig(String name, Optional<Path> file, List<Object> columns, boolean header,
            Optional<String> group, Optional<String> tensor, Optional<double[][]> inline, Position position,
            Optional<Object> labels) {
        this(name, file, columns, header, group, tensor, inline, position, labels,
                group.map(List::of).orElse(List.of()));
    }

    /** A CSV or inline source without a tensor name or a label column, grouped by at most one column. */
    public InputConfig(String name, Optional<Path> file, List<Object> columns, boolean header,
            Optional<String> group, Optional<double[][]> inline, Position position) {
        this(name, file, columns, header, group, Optional.empty(), inline, position, Optional.empty());
    }
}
