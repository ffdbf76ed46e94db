package dev.attention.render;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One matrix of a {@link Heatmap}: rows are queries, columns keys, each cell a weight. Immutable.
 *
 * @param caption      what this panel is, e.g. {@code batch 1: b}; empty for a lone panel
 * @param values       {@code [rows][columns]}, every row the same length
 * @param rowLabels    one per row
 * @param columnLabels one per column
 * @param marked       cells to mark (hard attention's chosen keys); {@code null} for none
 * @param centres      a column position per row to mark between cells (local-p's predicted
 *                     centre, in key units); {@code null} for none, NaN for a row without one
 */
@API(status = MAINTAINED)
public record HeatmapPanel(String caption, double[][] values, List<String> rowLabels, List<String> columnLabels,
        boolean[][] marked, double[] centres) {
    public HeatmapPanel {
        Objects.requireNonNull(caption, "caption");
        int cols = values.length == 0 ? 0 : values[0].length;
        values = Arrays.stream(values).map(double[]::clone).toArray(double[][]::new);
        for (double[] row : values) {
            if (row.length != cols) {
                throw new IllegalArgumentException("ragged heatmap rows: " + row.length + " and " + cols);
            }
        }
        rowLabels = List.copyOf(rowLabels);
        columnLabels = List.copyOf(columnLabels);
        if (rowLabels.size() != values.length || columnLabels.size() != cols) {
            throw new IllegalArgumentException("labels " + rowLabels.size() + " × " + columnLabels.size()
                    + " do not fit values " + values.length + " × " + cols);
        }
        marked = marked == null ? null : Arrays.stream(marked).map(boolean[]::clone).toArray(boolean[][]::new);
        centres = centres == null ? null : centres.clone();
    }

    /** A panel of plain values with index labels and no marks. */
    public static HeatmapPanel of(String caption, double[][] values) {
        int cols = values.length == 0 ? 0 : values[0].length;
        return new HeatmapPanel(caption, values, indices(values.length), indices(cols), null, null);
    }

    public int rows() {
        return values.length;
    }

    public int columns() {
        return values.length == 0 ? 0 : values[0].length;
    }

    public double value(int i, int j) {
        return values[i][j];
    }

    public boolean isMarked(int i, int j) {
        return marked != null && i < marked.length && j < marked[i].length && marked[i][j];
    }

    /** The centre of row {@code i}, or NaN. */
    public double centre(int i) {
        return centres == null || i >= centres.length ? Double.NaN : centres[i];
    }

    boolean hasMarks() {
        if (marked != null) {
            for (boolean[] row : marked) {
                for (boolean b : row) {
                    if (b) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    boolean hasCentres() {
        return centres != null && Arrays.stream(centres).anyMatch(Double::isFinite);
    }

    static List<String> indices(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(Integer::toString).toList();
    }
}
