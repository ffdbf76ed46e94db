package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a plugin folder would load, listed without loading it (the CLI names these jars when it
 * refuses a config's {@code plugins:} key): the registry's rule, jars directly inside and in
 * subfolders, and nothing else.
 */
class JobFilesPluginJarsTest {
    @TempDir
    Path dir;

    @Test
    void jars_directly_inside_and_in_subfolders_sorted() throws IOException {
        Files.writeString(dir.resolve("b.jar"), "x");
        Files.writeString(dir.resolve("a.jar"), "x");
        Files.writeString(dir.resolve("notes.txt"), "not a jar");
        Path sub = Files.createDirectories(dir.resolve("tool"));
        Files.writeString(sub.resolve("tool.jar"), "x");
        Files.writeString(sub.resolve("lib-z.jar"), "x");
        Files.writeString(sub.resolve("README"), "x");
        Files.createDirectories(dir.resolve("folder.jar")); // a folder named like a jar is a plugin folder, not a jar
        Files.createDirectories(dir.resolve("deep/er"));
        Files.writeString(dir.resolve("deep/er/hidden.jar"), "two levels down: not loaded");

        assertEquals(List.of("a.jar", "b.jar", "tool/lib-z.jar", "tool/tool.jar"), JobFiles.pluginJars(dir));
    }

    @Test
    void a_missing_folder_loads_nothing() {
        assertEquals(List.of(), JobFiles.pluginJars(dir.resolve("nowhere")));
    }
}
