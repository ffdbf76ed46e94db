package dev.attention.assembly.data;

import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ungrouped CSV input read a chunk of rows at a time, for inputs too large to hold whole (the
 * queries of a row-independent pipeline). {@link CsvRows} streams the file, so
 * memory is one chunk, whatever the file's length. Cells are checked exactly as
 * {@link DataLoader#readCsv} checks them, with the same messages and 1-based lines. Not thread-safe.
 */
public final class CsvChunks implements AutoCloseable {
    private final String shown;
    private final Reader reader;
    private final CsvRows rows;
    private final boolean header;
    private final String[] head;
    private final int[] chosen;
    private final int rowsPerChunk;
    private String[] pending;
    private int pendingLine;
    private int line;
    private long rowsRead;

    private CsvChunks(String shown, Reader reader, CsvRows rows, boolean header, String[] head,
            int[] chosen, int rowsPerChunk, String[] pending, int pendingLine, int line) {
        this.shown = shown;
        this.reader = reader;
        this.rows = rows;
        this.header = header;
        this.head = head;
        this.chosen = chosen;
        this.rowsPerChunk = rowsPerChunk;
        this.pending = pending;
        this.pendingLine = pendingLine;
        this.line = line;
    }

    /**
     * Opens {@code file} and reads its header (or first row, without one), resolving {@code columns}
     * (names or 0-based indices; empty = every column).
     *
     * @throws DataException as {@link DataLoader#readCsv} would for a missing, empty or header-only
     *     file or an unknown column
     */
    public static CsvChunks open(Path file, List<Object> columns, boolean header, int rowsPerChunk) {
        String shown = file.toString();
        Reader reader = null;
        try {
            reader = CsvText.open(file);
            CsvRows it = CsvRows.of(reader);
            int[] at = {0};
            String[] first = nextKept(it, at);
            if (first == null) {
                throw new DataException(shown, 0, null, "file is empty; expected a header line and data rows");
            }
            int firstLine = at[0];
            String[] head = first;
            if (!header) {
                head = new String[first.length];
                for (int j = 0; j < head.length; j++) {
                    head[j] = Integer.toString(j);
                }
            }
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int j = 0; j < head.length; j++) {
                if (index.put(head[j], j) != null && header) {
                    throw new DataException(shown, firstLine, head[j], "duplicate column name in the header");
                }
            }
            int[] chosen = columns.isEmpty() ? range(head.length) : new int[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                chosen[c] = DataLoader.column(shown, firstLine, columns.get(c), index, head.length);
            }
            String[] pending = header ? nextKept(it, at) : first;
            if (pending == null) {
                throw new DataException(shown, firstLine, null, "file has a header but no data rows");
            }
            return new CsvChunks(shown, reader, it, header, head, chosen, Math.max(1, rowsPerChunk), pending, at[0],
                    at[0]);
        } catch (IOException | RuntimeException e) {
            closeQuietly(reader);
            throw DataLoader.unreadable(shown, e);
        }
    }

    /** Columns per row. */
    public int width() {
        return chosen.length;
    }

    /** The chosen columns' names. */
    public List<String> columns() {
        String[] names = new String[chosen.length];
        for (int c = 0; c < chosen.length; c++) {
            names[c] = head[chosen[c]];
        }
        return List.of(names);
    }

    /** Data rows returned so far. */
    public long rowsRead() {
        return rowsRead;
    }

    /** True when every data row has been returned. */
    public boolean exhausted() {
        return pending == null;
    }

    /**
     * The next up to {@code rowsPerChunk} data rows as a float64 {@code [rows, width]} tensor, or empty
     * at the end of the file.
     *
     * @throws DataException naming the file, line and column of a ragged row or a bad cell
     */
    public Optional<Tensor> next() {
        if (pending == null) {
            return Optional.empty();
        }
        double[] values = new double[rowsPerChunk * chosen.length];
        int count = 0;
        try {
            while (pending != null && count < rowsPerChunk) {
                DataLoader.requireWidth(shown, pendingLine, pending, head.length, header);
                for (int c = 0; c < chosen.length; c++) {
                    values[count * chosen.length + c] = DataLoader.number(shown, pendingLine, head[chosen[c]],
                            pending[chosen[c]]);
                }
                count++;
                int[] at = {line};
                pending = nextKept(rows, at);
                line = at[0];
                pendingLine = line;
            }
        } catch (IOException | RuntimeException e) {
            throw DataLoader.unreadable(shown, e);
        }
        rowsRead += count;
        double[] data = count == rowsPerChunk ? values : java.util.Arrays.copyOf(values, count * chosen.length);
        return Optional.of(Tensor.of(DType.FLOAT64, new int[] {count, chosen.length}, data));
    }

    @Override
    public void close() {
        closeQuietly(reader);
    }

    /** The next row that is not blank, or null at the end; {@code line[0]} counts records read. */
    private static String[] nextKept(CsvRows it, int[] line) throws IOException {
        for (String[] row = it.next(); row != null; row = it.next()) {
            line[0]++;
            if (!DataLoader.blank(row)) {
                return row;
            }
        }
        return null;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int j = 0; j < n; j++) {
            r[j] = j;
        }
        return r;
    }

    private static void closeQuietly(Reader r) {
        if (r != null) {
            try {
                r.close();
            } catch (IOException ignored) {
                // Only read from; nothing is lost.
            }
        }
    }
}
