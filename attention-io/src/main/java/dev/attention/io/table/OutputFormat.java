package dev.attention.io.table;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * One way of writing a result's tables into a folder ({@code output.format} in a config,
 * {@code --format} on the command line). A new format is this class and one line in
 * {@link OutputFormats#builtIn()}; every file it returns is committed with the others, all or nothing.
 */
@API(status = MAINTAINED)
public interface OutputFormat {
    /** The stable lowercase name configs use, e.g. {@code csv}. */
    String id();

    /** One line: what files it writes. */
    String description();

    /** The file names it writes for tables of these names, in order (what a dry run shows). */
    List<String> files(List<String> tables);

    /**
     * The text of each file, keyed by {@link #files} names: each writes its file when called,
     * reading the tables block by block so that none is held whole. A text format implements this;
     * a binary one implements {@link #byteContents} instead, and this then refuses.
     *
     * @param title       the result's name
     * @param tables      the tables by name, in writing order; each knows its dtype and shape
     * @param columnNames optional column names per table
     */
    default Map<String, AtomicFiles.Content> contents(String title, Map<String, RowSource> tables,
            Map<String, List<String>> columnNames) {
        throw new UnsupportedOperationException("format '" + id() + "' writes bytes, not text: use byteContents");
    }

    /**
     * The bytes of each file, keyed by {@link #files} names, as the writer commits them: each writes
     * its file when called, reading the tables block by block. By default the {@link #contents}
     * text as UTF-8; a binary format (npy, safetensors) writes its bytes here.
     */
    default Map<String, AtomicFiles.Bytes> byteContents(String title, Map<String, RowSource> tables,
            Map<String, List<String>> columnNames) {
        Map<String, AtomicFiles.Bytes> files = new LinkedHashMap<>();
        contents(title, tables, columnNames).forEach((name, text) -> files.put(name, AtomicFiles.asBytes(text)));
        return files;
    }
}
