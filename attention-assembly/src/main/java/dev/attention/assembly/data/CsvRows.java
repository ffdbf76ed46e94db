package dev.attention.assembly.data;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of a CSV text, one {@code String[]} each (a blank line is one empty cell), read with
 * Jackson's streaming CSV parser: without a schema it gives every record as an array of strings,
 * which is all the loaders need. Jackson's data binding is not used: making its first
 * {@code ObjectMapper} cost every run that reads a CSV about 60 ms of start-up (decision 63).
 * Not thread-safe; the caller closes the reader.
 */
final class CsvRows {
    private static final CsvFactory CSV = CsvFactory.builder().enable(CsvParser.Feature.TRIM_SPACES).build();

    private final CsvParser parser;

    private CsvRows(CsvParser parser) {
        this.parser = parser;
    }

    /** Reads {@code text} as it streams by. */
    static CsvRows of(Reader text) throws IOException {
        return new CsvRows(CSV.createParser(text));
    }

    /** The next record, or null at the end of the text. */
    String[] next() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == null) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new IOException("unexpected " + t + " at the start of a CSV record");
        }
        List<String> cells = new ArrayList<>();
        for (t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            if (t == null) {
                throw new IOException("unexpected end of the CSV text inside a record");
            }
            cells.add(parser.getText());
        }
        return cells.toArray(String[]::new);
    }
}
