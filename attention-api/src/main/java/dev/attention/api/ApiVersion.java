package dev.attention.api;

/**
 * The version of this API, {@code major.minor}, and the rule for which plugins it runs. It is the
 * project version without the patch level (a test holds the two equal), so one number names a
 * release of the API and of the engine.
 *
 * <p>A plugin built for {@code M.m} runs on API {@code M.n} for any {@code n ≥ m}: minor versions
 * only add. Another major, or a newer minor (the plugin may call what this API lacks), is refused.
 */
public final class ApiVersion {
    /** A compile-time constant on purpose: javac copies it into every class that reads it. */
    public static final String CURRENT = "0.1";

    private ApiVersion() {
    }

    /**
     * Why a plugin built for {@code builtFor} cannot run on this API, or the empty string when it can.
     * An unreadable version is a reason too.
     */
    public static String incompatibility(String builtFor) {
        int[] plugin = parse(builtFor);
        int[] api = parse(CURRENT);
        if (plugin == null) {
            return "declares API version '" + builtFor + "', which is not major.minor";
        }
        if (plugin[0] != api[0]) {
            return "was built for API " + builtFor + ", this engine speaks API " + CURRENT
                    + "; rebuild the plugin against attention-api " + CURRENT + " or use an engine of API "
                    + plugin[0] + ".x";
        }
        if (plugin[1] > api[1]) {
            return "was built for API " + builtFor + ", newer than this engine's API " + CURRENT
                    + "; upgrade the engine";
        }
        return "";
    }

    /** {@code [major, minor]}, or null when {@code v} is not two dot-separated numbers. */
    private static int[] parse(String v) {
        if (v == null || !v.matches("\\d{1,6}\\.\\d{1,6}")) {
            return null;
        }
        int dot = v.indexOf('.');
        return new int[] {Integer.parseInt(v.substring(0, dot)), Integer.parseInt(v.substring(dot + 1))};
    }
}
