package dev.attention.assembly.config;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/** Where something is in a configuration file: 1-based line and column, 0 when unknown. */
@API(status = MAINTAINED)
public record Position(String file, int line, int column) {
    /** For pipelines assembled in Java, which have no file. */
    public static final Position NONE = new Position(null, 0, 0);
}
