package dev.attention.assembly.data;

import dev.attention.api.DataException;
import dev.attention.io.util.Limits;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The text of a CSV file as the CSV parser should see it: a leading UTF-8 byte-order mark removed
 * (spreadsheet programs write one; it would otherwise become part of the first column's name), and
 * every cell and record bounded by {@link Limits#CSV_CELL_CHARS} and {@link Limits#CSV_LINE_CHARS}
 * while it streams by, so one endless line is refused after the cap, not after the parser has
 * buffered all of it. Quotes are followed the way the parser reads them ({@code "} opens and closes,
 * {@code ""} inside is one quote), so a quoted cell spanning lines counts as one cell of one record.
 */
final class CsvText extends FilterReader {
    private static final char BOM = '\uFEFF';

    private final String shown;
    private final long maxCell;
    private final long maxRecord;
    private boolean started;
    private boolean quoted;
    private long cell;
    private long record;
    /** 1-based record number, counting blank lines too, as the loaders do. */
    private int line = 1;

    private CsvText(String shown, Reader in) {
        super(in);
        this.shown = shown;
        this.maxCell = Limits.CSV_CELL_CHARS.value();
        this.maxRecord = Limits.CSV_LINE_CHARS.value();
    }

    /** Opens {@code file} as UTF-8; the caller closes it. */
    static Reader open(Path file) throws IOException {
        return new CsvText(file.toString(), Files.newBufferedReader(file, StandardCharsets.UTF_8));
    }

    /** Wraps text already open, e.g. for tests. */
    static Reader of(String shown, Reader in) {
        return new CsvText(shown, in);
    }

    @Override
    public int read() throws IOException {
        char[] one = new char[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0];
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        if (n <= 0) {
            return n;
        }
        if (!started) {
            started = true;
            if (buf[off] == BOM) {
                System.arraycopy(buf, off + 1, buf, off, n - 1);
                n--;
                if (n == 0) {
                    return read(buf, off, len);
                }
            }
        }
        for (int k = off; k < off + n; k++) {
            count(buf[k]);
        }
        return n;
    }

    private void count(char c) {
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && (c == '\n' || c == '\r')) {
            if (c == '\n') {
                line++;
            }
            cell = 0;
            record = 0;
            return;
        } else if (!quoted && c == ',') {
            cell = 0;
            record++;
            return;
        }
        if (++cell > maxCell) {
            throw new DataException(shown, line, null, Limits.CSV_CELL_CHARS.over("a cell of more than " + maxCell
                    + " characters"));
        }
        if (++record > maxRecord) {
            throw new DataException(shown, line, null, Limits.CSV_LINE_CHARS.over("a line of more than " + maxRecord
                    + " characters"));
        }
    }
}
