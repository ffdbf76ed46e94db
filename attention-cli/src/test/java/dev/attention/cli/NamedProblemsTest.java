package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 26's messages that must name the problem: an output path that is a file, a jar that is not a zip, a BOM. */
class NamedProblemsTest {
    @TempDir
    Path dir;

    private static String oneLine(Cli.Result r) {
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
        return r.errLines().get(0);
    }

    @Test
    void out_naming_an_existing_file_is_one_line_naming_the_path_and_the_fix() throws IOException {
        Path file = Files.writeString(dir.resolve("results.csv"), "keep me\n");
        String line = oneLine(Cli.run("run", Cli.seedExample("config.yaml").toString(), "--out", file.toString()));
        assertEquals("attention: --out " + file + ": " + file + " is an existing file, not a folder; name a folder"
                + " (it is created when missing) or move the file away", line);
        assertEquals("keep me\n", Files.readString(file), "the file is untouched");

        Path below = file.resolve("sub");
        line = oneLine(Cli.run("run", Cli.seedExample("config.yaml").toString(), "--out", below.toString()));
        assertTrue(line.startsWith("attention: --out " + below + ": " + file + " is an existing file (above " + below
                + "), not a folder"), line);
    }

    @Test
    void a_jar_that_is_not_a_zip_is_listed_as_broken_and_warned_about_on_a_run() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.writeString(plugins.resolve("mine.jar"), "<html>404 not found</html>\n");
        Cli.Result listed = Cli.run("--plugins", plugins.toString(), "plugins");
        assertEquals(0, listed.code(), listed::toString);
        assertTrue(listed.out().contains("broken (left out; the others work):"), listed::toString);
        assertTrue(listed.out().contains("  plugin (no id)  from mine.jar\n      mine.jar is not a jar (zip) file ("),
                listed::toString);

        Cli.Result run = Cli.run("--plugins", plugins.toString(), "run", Cli.seedExample("config.yaml").toString(),
                "--out", dir.resolve("out").toString());
        assertEquals(0, run.code(), run::toString);
        List<String> warnings = run.systemErr().lines().filter(l -> l.contains("WARN")).toList();
        assertEquals(1, warnings.size(), run::toString);
        assertTrue(warnings.get(0).contains("plugin left out: plugin from mine.jar: mine.jar is not a jar (zip) file"),
                warnings.get(0));
    }

    @Test
    void a_csv_with_a_byte_order_mark_runs_like_one_without() throws IOException {
        Path seed = Cli.seedExample("config.yaml").getParent();
        for (String f : List.of("train.csv", "test.csv")) {
            byte[] text = Files.readAllBytes(seed.resolve(f));
            byte[] bom = new byte[text.length + 3];
            bom[0] = (byte) 0xEF;
            bom[1] = (byte) 0xBB;
            bom[2] = (byte) 0xBF;
            System.arraycopy(text, 0, bom, 3, text.length);
            Files.write(dir.resolve(f), bom);
        }
        Path config = Files.copy(seed.resolve("config.yaml"), dir.resolve("config.yaml"));
        Cli.Result r = Cli.run("run", config.toString(), "--out", dir.resolve("out").toString());
        assertEquals(0, r.code(), r::toString);
        // Every query gets 57 / 10 = 5.7 (see the example's comment), so the column 'x' was found.
        List<String> rows = Files.readAllLines(dir.resolve("out").resolve("output.csv"), StandardCharsets.UTF_8);
        assertTrue(rows.size() > 1, rows.toString());
        for (String row : rows.subList(1, rows.size())) {
            assertTrue(row.endsWith("5.7") || row.contains("5.7"), rows.toString());
        }
    }
}
