package dev.attention.assembly.plugin;

/** A "dependency" of {@link TestPlugins.NeedsLib}, written to its own jar by the folder-of-jars test. */
final class LibOfTestPlugins {
    private LibOfTestPlugins() {
    }

    static String describe() {
        return "uses a class from a jar beside it";
    }
}
