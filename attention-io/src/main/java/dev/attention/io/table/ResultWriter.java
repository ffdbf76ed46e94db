package dev.attention.io.table;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a result's tensors to a folder in one of the {@link OutputFormats}, all or nothing.
 * Thread-safe.
 */
public final class ResultWriter {
    private final OutputFormats formats;

    /** A writer for the built-in formats. */
    public ResultWriter() {
        this(OutputFormats.builtIn());
    }

    public ResultWriter(OutputFormats formats) {
        this.formats = formats;
    }

    /** The formats this writer knows. */
    public OutputFormats formats() {
        return formats;
    }

    /**
     * @param names        which result tensors to write, in order
     * @param columnNames  optional column names per tensor
     * @param format       an id of {@link #formats()}
     * @return the files written
     */
    public List<Path> write(String title, AttentionResult result, List<String> names, Map<String, List<String>> columnNames,
            Path dir, String format) {
        Map<String, RowSource> sources = new LinkedHashMap<>();
        for (String name : names) {
            sources.put(name, RowSource.of(result.get(name)));
        }
        return write(title, sources, columnNames, dir, format);
    }

    /**
     * Writes named tables read block by block, in map order, all or nothing: a table computed on
     * demand is streamed into its temporary file and never held whole.
     *
     * @return the files written
     */
    public List<Path> write(String title, Map<String, RowSource> tables, Map<String, List<String>> columnNames,
            Path dir, String format) {
        return write(title, tables, columnNames, dir, format, Map.of());
    }

    /**
     * Like {@link #write(String, Map, Map, Path, String)}, with {@code extra} files (a heatmap of the
     * weights: file name → bytes) committed in the same set as the tables.
     */
    public List<Path> write(String title, Map<String, RowSource> tables, Map<String, List<String>> columnNames,
            Path dir, String format, Map<String, byte[]> extra) {
        Map<String, AtomicFiles.Bytes> files = new LinkedHashMap<>();
        files.putAll(formats.get(format).byteContents(title, tables, columnNames));
        extra.forEach((n, b) -> {
            if (files.containsKey(n)) {
                throw new AttentionException("cannot write " + n + " beside the results in " + dir
                        + ": a result file has that name; name it otherwise");
            }
            files.put(n, out -> out.write(b));
        });
        try {
            return AtomicFiles.writeBytes(dir, files);
        } catch (IOException e) {
            throw new AttentionException("cannot write results to " + dir + ": " + e.getMessage()
                    + " (nothing was written; check the folder and free space)", e);
        }
    }

    /**
     * Whether {@code format} can be written a chunk of rows at a time ({@link #writeInChunks}), so a
     * run over a file of queries never holds them whole: the built-in {@code csv} and {@code npy}
     * ({@code safetensors} cannot: its header holds every tensor's offsets before the first byte).
     */
    public boolean writesInChunks(String format) {
        OutputFormat f = formats.get(format);
        return f instanceof CsvFormat || f instanceof NpyOutputFormat;
    }

    /** Takes the rows of each table as they are computed; see {@link #writeInChunks}. */
    @FunctionalInterface
    public interface RowSink {
        /** Appends the rows of an unbatched {@code [rows, cols]} table to table {@code name}. */
        void append(String name, RowSource rows) throws IOException;
    }

    /** Computes the tables chunk by chunk, appending each chunk's rows to the sink. */
    @FunctionalInterface
    public interface Chunks {
        void produce(RowSink sink) throws IOException;
    }

    /**
     * Writes unbatched tables whose rows arrive in chunks (a run over a file of queries read a chunk at
     * a time) as CSV, one file per name, all or nothing like {@link #write}: each file is appended to
     * as the chunks come and renamed into place when {@code chunks} returns. Rows are numbered on
     * across chunks, so the files equal those of a run in one piece.
     *
     * @return the files written
     */
    public List<Path> writeInChunks(List<String> names, Map<String, List<String>> columnNames, Path dir,
            Chunks chunks) {
        return writeInChunks(names, columnNames, dir, "csv", chunks);
    }

    /**
     * Like {@link #writeInChunks(List, Map, Path, Chunks)}, in {@code format}, one of those
     * {@link #writesInChunks} accepts: {@code npy} writes each header with 0 rows first and puts the
     * final row count into it at the end, before the commit.
     *
     * @throws IllegalArgumentException for a format that cannot be written in chunks
     */
    public List<Path> writeInChunks(List<String> names, Map<String, List<String>> columnNames, Path dir,
            String format, Chunks chunks) {
        if (!writesInChunks(format)) {
            throw new IllegalArgumentException("format '" + format + "' cannot be written in chunks");
        }
        if (formats.get(format) instanceof NpyOutputFormat npy) {
            List<String> files = npy.files(names);
            try {
                return AtomicFiles.writeTogetherBinary(dir, files, channels -> {
                    Map<String, FileChannel> byTable = new LinkedHashMap<>();
                    for (int k = 0; k < names.size(); k++) {
                        byTable.put(names.get(k), channels.get(files.get(k)));
                    }
                    NpyChunks sink = new NpyChunks(byTable);
                    chunks.produce(sink);
                    sink.finish();
                });
            } catch (IOException e) {
                throw new AttentionException("cannot write results to " + dir + ": " + e.getMessage()
                        + " (nothing was written; check the folder and free space)", e);
            }
        }
        List<String> files = names.stream().map(CsvFormat::file).toList();
        try {
            return AtomicFiles.writeTogether(dir, files, writers -> {
                Map<String, Long> written = new LinkedHashMap<>();
                chunks.produce((name, rows) -> {
                    Writer w = writers.get(CsvFormat.file(name));
                    if (w == null || rows.shape().length != 2) {
                        throw new IllegalArgumentException("table '" + name + "' is not one of " + names
                                + " or is batched: " + java.util.Arrays.toString(rows.shape()));
                    }
                    Long first = written.get(name);
                    if (first == null) {
                        w.write(CsvFormat.csvHeader(rows.shape(), name, columnNames.getOrDefault(name, List.of())));
                        first = 0L;
                    }
                    CsvFormat.csvRows(w, rows, 0, false, first);
                    written.put(name, first + rows.shape()[0]);
                });
            });
        } catch (IOException e) {
            throw new AttentionException("cannot write results to " + dir + ": " + e.getMessage()
                    + " (nothing was written; check the folder and free space)", e);
        }
    }
}
