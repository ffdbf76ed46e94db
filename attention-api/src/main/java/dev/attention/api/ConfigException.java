package dev.attention.api;

import java.util.Optional;

/**
 * A configuration is wrong. The message reads {@code file:line:column: key: problem (hint)} so a
 * user can jump to the spot and knows the fix. Position fields are 0 when unknown (for instance
 * for a pipeline assembled in Java).
 */
public class ConfigException extends AttentionException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;
    private final int column;
    private final String key;
    private final String problem;
    private final String hint;

    public ConfigException(String file, int line, int column, String key, String problem, String hint) {
        super(format(file, line, column, key, problem, hint));
        this.file = file;
        this.line = line;
        this.column = column;
        this.key = key;
        this.problem = problem;
        this.hint = hint;
    }

    /** A configuration error with no file position, e.g. from the Java builder. */
    public ConfigException(String key, String problem, String hint) {
        this(null, 0, 0, key, problem, hint);
    }

    private static String format(String file, int line, int column, String key, String problem, String hint) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
                if (column > 0) {
                    sb.append(':').append(column);
                }
            }
            sb.append(": ");
        }
        if (key != null && !key.isEmpty()) {
            sb.append(key).append(": ");
        }
        sb.append(problem);
        if (hint != null && !hint.isEmpty()) {
            sb.append(" (").append(hint).append(')');
        }
        return sb.toString();
    }

    public Optional<String> file() {
        return Optional.ofNullable(file);
    }

    /** 1-based line, 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column, 0 when unknown. */
    public int column() {
        return column;
    }

    /** Dotted path of the offending key, e.g. {@code pipeline.alignment.scale}. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** The problem alone, without position, key or hint. */
    public String problem() {
        return problem;
    }

    /**
     * The same problem and hint placed at {@code file:line:column} under {@code keyPrefix}: how the
     * engine adds a configuration file's positions to an error raised by a plugin's parameters.
     */
    public ConfigException at(String file, int line, int column, String keyPrefix) {
        String k = key == null || key.isEmpty() ? keyPrefix
                : keyPrefix == null || keyPrefix.isEmpty() ? key : keyPrefix + "." + key;
        ConfigException e = new ConfigException(file, line, column, k, problem, hint);
        e.initCause(this);
        return e;
    }

    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
