package dev.attention.api;

import java.util.Optional;

/**
 * Input data is unusable: the message names the file and, where it applies, the 1-based row and
 * the column of the offending cell.
 */
public class DataException extends AttentionException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int row;
    private final String column;
    private final String detail;

    /**
     * @param file   the data file (or input name for in-memory data), may be null
     * @param row    1-based line number in the file, or 0 when the problem is not one row
     * @param column the column name or number, may be null
     */
    public DataException(String file, int row, String column, String message) {
        super(prefix(file, row, column) + message);
        this.file = file;
        this.row = row;
        this.column = column;
        this.detail = message;
    }

    /**
     * The same problem with what asked for the data appended, e.g. {@code (for inputs.keys at
     * config.yaml:7:12)}: a data file's own position does not say which input of which config
     * read it.
     */
    public DataException within(String context) {
        DataException e = new DataException(file, row, column, detail + " (" + context + ")");
        e.initCause(this);
        return e;
    }

    private static String prefix(String file, int row, String column) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (row > 0) {
                sb.append(':').append(row);
            }
            if (column != null) {
                sb.append(" column '").append(column).append('\'');
            }
            sb.append(": ");
        }
        return sb.toString();
    }

    public Optional<String> file() {
        return Optional.ofNullable(file);
    }

    /** 1-based row, or 0 when the error is not about one row. */
    public int row() {
        return row;
    }

    public Optional<String> column() {
        return Optional.ofNullable(column);
    }
}
