package dev.attention.io.table;

import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code csv}: one file per table, {@code <name>.csv}. A row per query, {@code query} index first
 * (after {@code batch} when the tensor has batch dimensions), then one column per feature (named
 * after the values' columns when known) or per key ({@code key_0, key_1, …}) for weights. Numbers
 * in the shortest form that reads back to the same float32/float64. Rows can be appended chunk by
 * chunk ({@link ResultWriter#writeInChunks}).
 */
final class CsvFormat implements OutputFormat {
    /** Rows read per block: about a million numbers in memory, whatever the width. */
    private static final int BLOCK_ENTRIES = 1 << 20;

    @Override
    public String id() {
        return "csv";
    }

    @Override
    public String description() {
        return "one <name>.csv per result tensor, a row per query";
    }

    @Override
    public List<String> files(List<String> tables) {
        return tables.stream().map(CsvFormat::file).toList();
    }

    static String file(String table) {
        return table + ".csv";
    }

    @Override
    public Map<String, AtomicFiles.Content> contents(String title, Map<String, RowSource> tables,
            Map<String, List<String>> columnNames) {
        Map<String, AtomicFiles.Content> files = new LinkedHashMap<>();
        tables.forEach((name, t) -> {
            List<String> cols = columnNames.getOrDefault(name, List.of());
            files.put(file(name), w -> csv(w, t, name, cols));
        });
        return files;
    }

    static int blockRows(int rows, int cols) {
        return Math.max(1, Math.min(rows, BLOCK_ENTRIES / Math.max(1, cols)));
    }

    private static int batchSize(int[] shape) {
        int n = 1;
        for (int k = 0; k < shape.length - 2; k++) {
            n *= shape[k];
        }
        return n;
    }

    private static void csv(Writer w, RowSource t, String name, List<String> cols) throws IOException {
        int[] shape = t.shape();
        w.write(csvHeader(shape, name, cols));
        for (int b = 0; b < batchSize(shape); b++) {
            csvRows(w, t, b, shape.length > 2, 0);
        }
    }

    static String csvHeader(int[] shape, String name, List<String> cols) {
        int width = shape[shape.length - 1];
        StringBuilder head = new StringBuilder(shape.length > 2 ? "batch,query" : "query");
        for (int j = 0; j < width; j++) {
            head.append(',');
            if (cols.size() == width) {
                head.append(cols.get(j));
            } else {
                head.append(name.equals(AttentionResult.WEIGHTS) ? "key_" : name + "_").append(j);
            }
        }
        return head.append('\n').toString();
    }

    /**
     * Milliseconds to pause after each CSV row, from {@code -Dattention.io.rowDelayMillis} (default 0).
     * Only the interruption tests set it, so their signal lands while a file is half written
     * whatever the machine's speed.
     */
    private static final long ROW_DELAY_MILLIS = Long.getLong("attention.io.rowDelayMillis", 0);

    private static void pace() throws java.io.InterruptedIOException {
        if (ROW_DELAY_MILLIS > 0) {
            try {
                Thread.sleep(ROW_DELAY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while writing");
            }
        }
    }

    /** The rows of batch element {@code b}, block by block, numbered from {@code first}. */
    static void csvRows(Writer w, RowSource t, int b, boolean batched, long first) throws IOException {
        int[] shape = t.shape();
        int rows = shape[shape.length - 2];
        int width = shape[shape.length - 1];
        int block = blockRows(rows, width);
        double[] buf = new double[block * width];
        StringBuilder line = new StringBuilder();
        for (int i0 = 0; i0 < rows; i0 += block) {
            int count = Math.min(block, rows - i0);
            t.rows(b, i0, count, buf);
            for (int r = 0; r < count; r++) {
                line.setLength(0);
                if (batched) {
                    line.append(b).append(',');
                }
                line.append(first + i0 + r);
                for (int j = 0; j < width; j++) {
                    line.append(',').append(format(t.dtype(), buf[r * width + j]));
                }
                w.write(line.append('\n').toString());
                pace();
            }
        }
    }

    static String format(DType dtype, double v) {
        return dtype == DType.FLOAT32 ? Float.toString((float) v) : Double.toString(v);
    }
}
