package dev.attention.io.util;

import dev.attention.api.AttentionException;
import java.util.List;
import java.util.Locale;

/**
 * Caps on the parts of an input that a reader must hold whole before it can judge them: a config
 * file, a CSV cell and line, a .npy header, a safetensors JSON header, a stream protocol line. The
 * size of a data file is never capped (it may be large by right; it is streamed or memory-mapped).
 *
 * <p>Each cap is checked before the work it bounds (the config's size before parsing, a CSV line
 * while it is read), so hostile input costs at most the cap in memory and time. A cap is raised
 * with a system property, {@code java -Dattention.limit.config-bytes=4194304 -jar attention.jar}
 * (or in {@code JAVA_TOOL_OPTIONS}); the property is read at each check, so a test or an embedder
 * may set it at run time.
 */
public final class Limits {
    /** A YAML or JSON config file, in bytes; a config is a page of settings, never data. */
    public static final Limit CONFIG_BYTES = new Limit("config-bytes", 1L << 20, "bytes");
    /** One CSV cell, in characters. */
    public static final Limit CSV_CELL_CHARS = new Limit("csv-cell-chars", 1L << 16, "characters");
    /** One CSV record (a line, or several when a quoted cell spans lines), in characters. */
    public static final Limit CSV_LINE_CHARS = new Limit("csv-line-chars", 1L << 20, "characters");
    /**
     * The dict header of a .npy file, in bytes. numpy reads at most 10000 by default, but a tensor of
     * high rank written by {@code Npy.write} (format 2.0) needs more; the cap only has to bound the parse.
     */
    public static final Limit NPY_HEADER_BYTES = new Limit("npy-header-bytes", 1L << 20, "bytes");
    /** The JSON header of a safetensors file, in bytes; a model of thousands of tensors needs about 1 MB. */
    public static final Limit SAFETENSORS_HEADER_BYTES = new Limit("safetensors-header-bytes", 1L << 24, "bytes");
    /** One line of the {@code attention stream} protocol, in characters. */
    public static final Limit STREAM_LINE_CHARS = new Limit("stream-line-chars", 1L << 22, "characters");

    /** Every cap, for documentation and tests. */
    public static final List<Limit> ALL = List.of(CONFIG_BYTES, CSV_CELL_CHARS, CSV_LINE_CHARS, NPY_HEADER_BYTES,
            SAFETENSORS_HEADER_BYTES, STREAM_LINE_CHARS);

    private Limits() {
    }

    /** One cap: its name, its default and the unit it counts. */
    public static final class Limit {
        private final String name;
        private final long defaultValue;
        private final String unit;

        Limit(String name, long defaultValue, String unit) {
            this.name = name;
            this.defaultValue = defaultValue;
            this.unit = unit;
        }

        /** The system property that overrides the default, e.g. {@code attention.limit.config-bytes}. */
        public String property() {
            return "attention.limit." + name;
        }

        public long defaultValue() {
            return defaultValue;
        }

        /**
         * The cap in force: the property when set, else the default.
         *
         * @throws AttentionException when the property is not a positive whole number
         */
        public long value() {
            String s = System.getProperty(property());
            if (s == null || s.isBlank()) {
                return defaultValue;
            }
            try {
                long v = Long.parseLong(s.strip().replace("_", ""));
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // Reported below with the fix.
            }
            throw new AttentionException("-D" + property() + "=" + s + " is not a positive whole number of " + unit
                    + "; give e.g. -D" + property() + "=" + defaultValue * 4);
        }

        /** {@code value()} as an int, for caps on in-memory text (larger values mean "as much as fits"). */
        public int intValue() {
            return (int) Math.min(Integer.MAX_VALUE - 8, value());
        }

        /**
         * The sentence a refusal ends with: the cap and how to raise it, e.g. "over the limit of
         * 1048576 bytes (1.0 MiB); raise it with -Dattention.limit.config-bytes=...".
         */
        public String over(String what) {
            long v = value();
            return what + " is over the limit of " + v + " " + unit
                    + (unit.equals("bytes") && v >= 1024 ? " (" + human(v) + "B)" : "") + "; if the input is"
                    + " trusted, raise it with java -D" + property() + "=" + Math.max(v * 4, v + 1) + " -jar ...";
        }

        @Override
        public String toString() {
            return property() + " (default " + defaultValue + " " + unit + ")";
        }
    }

    static String human(long n) {
        String[] units = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
