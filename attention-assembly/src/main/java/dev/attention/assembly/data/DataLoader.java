package dev.attention.assembly.data;

import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Tensor;
import dev.attention.assembly.config.InputConfig;
import dev.attention.io.tensor.MaskArray;
import dev.attention.io.tensor.TensorFiles;
import dev.attention.io.tensor.TensorFormat;
import dev.attention.io.util.Suggestions;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads inputs from CSV files (with Jackson's streaming CSV parser, {@link CsvRows}) or inline rows
 * into float64 tensors, or from {@code .npy} / {@code .safetensors} files in their stored type (see
 * {@code tensorio}). Every cell must be a finite number; problems are {@link DataException}s naming the file, the
 * 1-based line and the column.
 */
public final class DataLoader {
    /** Loads one configured input. */
    public LoadedInput load(InputConfig input) {
        if (input.inline().isPresent()) {
            double[][] rows = input.inline().get();
            List<String> names = new ArrayList<>();
            for (int j = 0; j < rows[0].length; j++) {
                names.add("c" + j);
            }
            return new LoadedInput(Tensor.matrix(DType.FLOAT64, rows), Optional.empty(), names, "inline");
        }
        Path file = input.file().orElseThrow();
        if (TensorFormat.of(file).isPresent()) {
            return readTensorFile(file, input.tensor());
        }
        return readCsv(file, input.columns(), input.header(), input.groups(), input.labels());
    }

    /**
     * Loads one configured input where a mask or lengths are expected: a {@code .npy} or
     * {@code .safetensors} array of any bool, integer or float dtype in its stored shape, or CSV
     * columns / inline rows as float {@code [rows, cols]}.
     */
    public MaskArray loadMask(InputConfig input) {
        Tensor t;
        if (input.inline().isPresent()) {
            t = Tensor.matrix(DType.FLOAT64, input.inline().get());
        } else {
            Path file = input.file().orElseThrow();
            if (TensorFormat.of(file).isPresent()) {
                return TensorFiles.loadMask(file, input.tensor());
            }
            t = readCsv(file, input.columns(), input.header(), List.of(), Optional.empty()).tensor();
        }
        return new MaskArray(t.shape(), "float64", MaskArray.Kind.FLOAT, t.toDoubleArray());
    }

    /**
     * Reads a {@code .npy} array or one tensor of a {@code .safetensors} file (empty {@code tensor}:
     * the file's only one), keeping its dtype and batch dimensions; a 1-d array is a column [n, 1].
     * Columns are named {@code c0, c1, …} as for inline data.
     */
    public LoadedInput readTensorFile(Path file, Optional<String> tensor) {
        Tensor t = TensorFiles.load(file, tensor);
        List<String> names = new ArrayList<>();
        for (int j = 0; j < t.cols(); j++) {
            names.add("c" + j);
        }
        return new LoadedInput(t, Optional.empty(), names, file.toString());
    }

    /**
     * Reads {@code columns} (names or 0-based indices; empty = all but the group column) of a CSV.
     *
     * @param group a column whose distinct values split the rows into padded batch elements
     */
    public LoadedInput readCsv(Path file, List<Object> columns, boolean header, Optional<String> group) {
        return readCsv(file, columns, header, group, Optional.empty());
    }

    /**
     * As {@link #readCsv(Path, List, boolean, Optional)}, also keeping the text of a label column
     * (name or 0-based index) per row; with {@code columns} empty the label column is not read as data.
     */
    public LoadedInput readCsv(Path file, List<Object> columns, boolean header, Optional<String> group,
            Optional<Object> labels) {
        return readCsv(file, columns, header, group.map(List::of).orElse(List.<String>of()), labels);
    }

    /** {@link #readCsv(Path, List, boolean, List, Optional)} without a label column. */
    public LoadedInput readCsv(Path file, List<Object> columns, boolean header, List<String> groups) {
        return readCsv(file, columns, header, groups, Optional.empty());
    }

    /**
     * Reads {@code columns} (names or 0-based indices; empty = all but the group and label columns)
     * of a CSV, keeping the text of a label column (name or 0-based index) per row.
     *
     * @param groups columns whose values split the rows into padded batch elements, outermost first;
     *     two or more nest them ({@code [document, sentence]} gives {@code [D, S, T, d]}, see
     *     {@link LoadedInput#outerLengths()})
     */
    public LoadedInput readCsv(Path file, List<Object> columns, boolean header, List<String> groups,
            Optional<Object> labels) {
        String shown = file.getFileName() == null ? file.toString() : file.toString();
        List<String[]> rows = new ArrayList<>();
        try (Reader r = CsvText.open(file)) {
            CsvRows records = CsvRows.of(r);
            for (String[] row = records.next(); row != null; row = records.next()) {
                rows.add(row);
            }
        } catch (IOException | RuntimeException e) {
            throw unreadable(shown, e);
        }
        List<Integer> lineOf = new ArrayList<>();
        List<String[]> kept = new ArrayList<>();
        for (int k = 0; k < rows.size(); k++) {
            String[] row = rows.get(k);
            if (!blank(row)) {
                kept.add(row);
                lineOf.add(k + 1);
            }
        }
        if (kept.isEmpty()) {
            throw new DataException(shown, 0, null, "file is empty; expected a header line and data rows");
        }
        String[] head;
        int first;
        if (header) {
            head = kept.get(0);
            first = 1;
        } else {
            head = new String[kept.get(0).length];
            for (int j = 0; j < head.length; j++) {
                head[j] = Integer.toString(j);
            }
            first = 0;
        }
        if (kept.size() == first) {
            throw new DataException(shown, lineOf.get(0), null, "file has a header but no data rows");
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int j = 0; j < head.length; j++) {
            if (index.put(head[j], j) != null && header) {
                throw new DataException(shown, lineOf.get(0), head[j], "duplicate column name in the header");
            }
        }
        List<Integer> groupCols = new ArrayList<>();
        for (String g : groups) {
            groupCols.add(column(shown, lineOf.get(0), g, index, head.length));
        }
        Integer groupCol = groupCols.isEmpty() ? null : groupCols.get(0);
        Integer labelCol = labels.map(l -> labelColumn(shown, lineOf.get(0), l, index, head.length)).orElse(null);
        List<Integer> chosen = new ArrayList<>();
        if (columns.isEmpty()) {
            for (int j = 0; j < head.length; j++) {
                if (!groupCols.contains(j) && (labelCol == null || j != labelCol)) {
                    chosen.add(j);
                }
            }
        } else {
            for (Object c : columns) {
                chosen.add(column(shown, lineOf.get(0), c, index, head.length));
            }
        }
        if (chosen.isEmpty()) {
            throw new DataException(shown, lineOf.get(0), null, "no numeric columns to read");
        }
        List<String> names = new ArrayList<>();
        for (int j : chosen) {
            names.add(head[j]);
        }

        int n = kept.size() - first;
        double[][] values = new double[n][chosen.size()];
        List<String> groupKeys = new ArrayList<>();
        List<String[]> nestedKeys = new ArrayList<>();
        List<String> rowLabels = new ArrayList<>();
        for (int k = first; k < kept.size(); k++) {
            String[] row = kept.get(k);
            int line = lineOf.get(k);
            requireWidth(shown, line, row, head.length, header);
            for (int c = 0; c < chosen.size(); c++) {
                values[k - first][c] = number(shown, line, head[chosen.get(c)], row[chosen.get(c)]);
            }
            if (groupCol != null) {
                groupKeys.add(row[groupCol]);
                String[] path = new String[groupCols.size()];
                for (int g = 0; g < path.length; g++) {
                    path[g] = row[groupCols.get(g)];
                }
                nestedKeys.add(path);
            }
            if (labelCol != null) {
                rowLabels.add(row[labelCol]);
            }
        }
        if (groupCols.size() > 1) {
            return NestedGroups.of(shown, values, nestedKeys, lineOf.subList(first, lineOf.size()), names, groups,
                    labelCol == null ? Optional.empty() : Optional.of(rowLabels));
        }
        if (groupCol == null) {
            return new LoadedInput(Tensor.matrix(DType.FLOAT64, values), Optional.empty(), names, shown, List.of(),
                    labelCol == null ? List.of() : List.of(rowLabels));
        }
        return grouped(shown, values, groupKeys, lineOf.subList(first, lineOf.size()), names,
                labelCol == null ? Optional.empty() : Optional.of(rowLabels));
    }

    /** What went wrong opening or parsing a CSV, for the user; shared with {@link CsvChunks}. */
    static DataException unreadable(String file, Exception e) {
        if (e instanceof NoSuchFileException) {
            return new DataException(file, 0, null, "file not found (paths are relative to the config file)");
        }
        if (e instanceof AccessDeniedException) {
            return new DataException(file, 0, null, "file is not readable; check its permissions");
        }
        // The parser wraps what CsvText throws mid-row (a cap) in its own exception.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataException d) {
                return d;
            }
        }
        return new DataException(file, 0, null, "cannot read CSV: " + firstLine(e.getMessage()));
    }

    /** A ragged row is an error naming its line; shared with {@link CsvChunks}. */
    static void requireWidth(String file, int line, String[] row, int width, boolean header) {
        if (row.length != width) {
            throw new DataException(file, line, null, "row has " + row.length + " cells but "
                    + (header ? "the header has " : "the first row has ") + width
                    + "; every row needs the same number of cells");
        }
    }

    /** Blank lines are kept by the parser as one empty cell; they carry no data. */
    static boolean blank(String[] row) {
        return row.length == 0 || (row.length == 1 && row[0].isEmpty());
    }

    private static LoadedInput grouped(String shown, double[][] values, List<String> keys, List<Integer> lines,
            List<String> names, Optional<List<String>> rowLabels) {
        List<Integer> starts = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            if (k == 0 || !keys.get(k).equals(keys.get(k - 1))) {
                if (seen.contains(keys.get(k))) {
                    throw new DataException(shown, lines.get(k), null, "rows of group '" + keys.get(k)
                            + "' are not contiguous; sort the file by the group column");
                }
                seen.add(keys.get(k));
                starts.add(k);
            }
        }
        int groups = starts.size();
        int[] lengths = new int[groups];
        int max = 0;
        for (int g = 0; g < groups; g++) {
            int end = g + 1 < groups ? starts.get(g + 1) : keys.size();
            lengths[g] = end - starts.get(g);
            max = Math.max(max, lengths[g]);
        }
        int cols = names.size();
        Tensor.Builder b = Tensor.builder(DType.FLOAT64, groups, max, cols);
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < lengths[g]; i++) {
                for (int c = 0; c < cols; c++) {
                    b.set(g, i, c, values[starts.get(g) + i][c]);
                }
            }
        }
        List<List<String>> labels = new ArrayList<>();
        rowLabels.ifPresent(l -> {
            for (int g = 0; g < groups; g++) {
                labels.add(l.subList(starts.get(g), starts.get(g) + lengths[g]));
            }
        });
        return new LoadedInput(b.build(), Optional.of(lengths), names, shown, seen, labels);
    }

    /** The label column; a missing one is named as such, so it is not mistaken for a data column. */
    private static int labelColumn(String file, int line, Object c, Map<String, Integer> index, int width) {
        try {
            return column(file, line, c, index, width);
        } catch (DataException e) {
            throw new DataException(file, line, String.valueOf(c), "label column not found; "
                    + (c instanceof Integer ? "the file has " + width + " columns (0.." + (width - 1) + ")"
                            : Suggestions.didYouMean((String) c, index.keySet()) + "the header has "
                                    + String.join(", ", index.keySet())));
        }
    }

    static int column(String file, int line, Object c, Map<String, Integer> index, int width) {
        if (c instanceof Integer) {
            int j = (Integer) c;
            if (j >= width) {
                throw new DataException(file, line, String.valueOf(j), "column index out of range; the file has "
                        + width + " columns (0.." + (width - 1) + ")");
            }
            return j;
        }
        Integer j = index.get((String) c);
        if (j == null) {
            throw new DataException(file, line, (String) c, "no such column; "
                    + Suggestions.didYouMean((String) c, index.keySet()) + "the header has "
                    + String.join(", ", index.keySet()));
        }
        return j;
    }

    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final java.util.regex.Pattern NON_FINITE =
            java.util.regex.Pattern.compile("[+-]?(nan|inf|infinity)", java.util.regex.Pattern.CASE_INSENSITIVE);

    static double number(String file, int line, String column, String cell) {
        if (NON_FINITE.matcher(cell).matches()) {
            throw new DataException(file, line, column, "'" + cell + "' is not a finite number; "
                    + "remove or impute NaN and infinite values");
        }
        if (!DECIMAL.matcher(cell).matches()) {
            throw new DataException(file, line, column, (cell.isEmpty() ? "empty cell" : "'" + shown(cell)
                    + "' is not a number") + "; every chosen cell must be numeric");
        }
        double v = Double.parseDouble(cell);
        if (!Double.isFinite(v)) {
            throw new DataException(file, line, column, "'" + cell + "' overflows a double");
        }
        return v;
    }

    /** A cell as a message quotes it: at most 40 characters (a cell may hold up to the CSV cell cap). */
    static String shown(String cell) {
        return cell.length() <= 40 ? cell : cell.substring(0, 37) + "...";
    }

    static String firstLine(String s) {
        return s == null ? "unknown error" : s.split("\\R")[0];
    }
}
