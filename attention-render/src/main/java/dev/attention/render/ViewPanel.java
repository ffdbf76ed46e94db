package dev.attention.render;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.DType;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One weight matrix of an {@link AttentionView}: rows are queries, columns keys, each cell the weight
 * as the run printed it (the text of {@code weights.csv}), so the page shows the run's numbers and
 * never recomputes them. Immutable.
 *
 * @param caption      what this panel is, e.g. {@code batch [0, 1]} (batch 0, head 1); may be empty
 * @param cells        {@code [rows][columns]} weights as printed, every row the same length
 * @param rowLabels    one per row
 * @param columnLabels one per column
 * @param marked       cells to mark (hard attention's chosen keys); {@code null} for none
 * @param centres      local-p's predicted centre per row, in key units; {@code null} for none
 */
@API(status = MAINTAINED)
public record ViewPanel(String caption, String[][] cells, List<String> rowLabels, List<String> columnLabels,
        boolean[][] marked, double[] centres) {
    public ViewPanel {
        Objects.requireNonNull(caption, "caption");
        int cols = cells.length == 0 ? 0 : cells[0].length;
        cells = Arrays.stream(cells).map(String[]::clone).toArray(String[][]::new);
        for (String[] row : cells) {
            if (row.length != cols) {
                throw new IllegalArgumentException("ragged weight rows: " + row.length + " and " + cols);
            }
        }
        rowLabels = List.copyOf(rowLabels);
        columnLabels = List.copyOf(columnLabels);
        if (rowLabels.size() != cells.length || columnLabels.size() != cols) {
            throw new IllegalArgumentException("labels " + rowLabels.size() + " × " + columnLabels.size()
                    + " do not fit weights " + cells.length + " × " + cols);
        }
        marked = marked == null ? null : Arrays.stream(marked).map(boolean[]::clone).toArray(boolean[][]::new);
        centres = centres == null ? null : centres.clone();
    }

    /** A heatmap panel's weights printed as {@code weights.csv} prints numbers of {@code dtype}. */
    public static ViewPanel of(HeatmapPanel p, DType dtype) {
        String[][] cells = new String[p.rows()][p.columns()];
        for (int i = 0; i < p.rows(); i++) {
            for (int j = 0; j < p.columns(); j++) {
                cells[i][j] = printed(p.value(i, j), dtype);
            }
        }
        return new ViewPanel(p.caption(), cells, p.rowLabels(), p.columnLabels(), p.marked(), p.centres());
    }

    /** A panel of printed weights with index labels and no marks. */
    public static ViewPanel of(String caption, String[][] cells) {
        int cols = cells.length == 0 ? 0 : cells[0].length;
        return new ViewPanel(caption, cells, HeatmapPanel.indices(cells.length), HeatmapPanel.indices(cols), null,
                null);
    }

    /** A number as the CSV output prints it: the shortest text that reads back to the same float32/float64. */
    public static String printed(double v, DType dtype) {
        return dtype == DType.FLOAT32 ? Float.toString((float) v) : Double.toString(v);
    }

    public int rows() {
        return cells.length;
    }

    public int columns() {
        return cells.length == 0 ? 0 : cells[0].length;
    }

    /** The weight of query {@code i} on key {@code j} as a number (for colours and summaries). */
    public double value(int i, int j) {
        return Double.parseDouble(cells[i][j]);
    }
}
