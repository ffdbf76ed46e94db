package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.spi.AttentionPlugin;
import dev.attention.cli.aliasfixture.RenamedPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin renamed a parameter and kept the old name as an alias: an old config still runs, gives
 * what the new name gives, and the log says which name to write. The plugin comes from a plugin
 * folder, as third-party code does.
 */
class ParameterAliasRunTest {
    @TempDir
    Path dir;

    /** A plugin folder with one jar: the fixture's classes and its services line. */
    private Path pluginFolder() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path classes = Path.of(RenamedPlugin.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        String pkg = RenamedPlugin.class.getPackageName().replace('.', '/');
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(plugins.resolve("renamed.jar")));
                Stream<Path> files = Files.list(classes.resolve(pkg))) {
            for (Path f : files.toList()) {
                out.putNextEntry(new JarEntry(pkg + "/" + f.getFileName()));
                try (InputStream in = Files.newInputStream(f)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + AttentionPlugin.class.getName()));
            out.write((RenamedPlugin.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return plugins;
    }

    /** The seed example's scaled-dot run with {@code distribution} written in, next to its data. */
    private Path config(String name, String distribution) throws IOException {
        Path seed = Cli.seedExample("scaled-dot-softmax.yaml");
        for (String data : List.of("train.csv", "test.csv")) {
            if (!Files.exists(dir.resolve(data))) {
                Files.copy(seed.resolveSibling(data), dir.resolve(data));
            }
        }
        String yaml = Files.readString(seed).replace("distribution: {id: softmax, temperature: 1.0}",
                "distribution: " + distribution);
        assertTrue(yaml.contains(distribution), "the seed example still has the line this test replaces");
        return Files.writeString(dir.resolve(name + ".yaml"), yaml);
    }

    @Test
    void an_old_parameter_name_runs_like_the_new_one_and_the_log_names_the_new_one() throws IOException {
        Path plugins = pluginFolder();
        Path old = config("old", "{id: renamed-softmax, tau: 2.0}");
        Path current = config("current", "{id: renamed-softmax, temperature: 2.0}");

        Cli.Result withOld = Cli.run("-v", "--plugins", plugins.toString(), "run", old.toString(), "--out",
                dir.resolve("out-old").toString());
        Cli.Result withNew = Cli.run("-v", "--plugins", plugins.toString(), "run", current.toString(), "--out",
                dir.resolve("out-new").toString());
        assertEquals(0, withOld.code(), withOld::toString);
        assertEquals(0, withNew.code(), withNew::toString);

        assertEquals(Files.readString(dir.resolve("out-new/output.csv")), Files.readString(dir.resolve("out-old/output.csv")));
        List<String> warnings = withOld.systemErr().lines().filter(l -> l.contains("deprecated")).toList();
        assertEquals(1, warnings.size(), withOld::toString);
        assertTrue(warnings.get(0).contains("old.yaml:") && warnings.get(0).contains("pipeline.distribution:")
                && warnings.get(0).endsWith("parameter 'tau' of 'renamed-softmax' is deprecated; write 'temperature'"
                        + " instead"), warnings.get(0));
        assertTrue(withNew.systemErr().lines().noneMatch(l -> l.contains("deprecated")), withNew::toString);
    }

    @Test
    void both_names_at_once_is_one_error_naming_both() throws IOException {
        Path plugins = pluginFolder();
        Path both = config("both", "{id: renamed-softmax, temperature: 2.0, tau: 3.0}");
        Cli.Result r = Cli.run("--plugins", plugins.toString(), "run", both.toString(), "--out",
                dir.resolve("out").toString());
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().contains("both.yaml:") && r.err().contains("'tau' and 'temperature' both set parameter"
                + " 'temperature' of 'renamed-softmax'") && r.err().contains("keep only 'temperature'"), r::toString);
    }
}
