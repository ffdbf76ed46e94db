package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.spi.AttentionPlugin;
import dev.attention.cli.trustfixture.FivesPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code runs only where the user says: a config's {@code plugins:} key loads nothing without
 * {@code --trust-config-plugins} (one line naming the jars and the flag); {@code --plugins DIR} and
 * {@code $ATTENTION_PLUGINS} are the user's own choices. The plugin is {@link FivesPlugin}, whose
 * weights of 5.0 the engine refuses once it is loaded, so a run that loaded it says so by failing
 * with a line naming it, its jar and the first offending row.
 */
class PluginTrustTest {
    /** The fault the engine reports once the fives plugin has run. */
    private static final String FAULT = "distribution 'fives' (from fives.jar) returned weight 5.0 at batch 0, row 0,"
            + " key 0, outside [0, 1]";

    @TempDir
    Path dir;
    private Path plugins;

    /** A plugin folder {@code dir/jars} with fives.jar: the fixture's classes and its services line. */
    @BeforeEach
    void pluginFolder() throws IOException {
        plugins = Files.createDirectories(dir.resolve("jars"));
        Path classes = Path.of(FivesPlugin.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        String pkg = FivesPlugin.class.getPackageName().replace('.', '/');
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(plugins.resolve("fives.jar")));
                Stream<Path> files = Files.list(classes.resolve(pkg))) {
            for (Path f : files.toList()) {
                out.putNextEntry(new JarEntry(pkg + "/" + f.getFileName()));
                try (InputStream in = Files.newInputStream(f)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + AttentionPlugin.class.getName()));
            out.write((FivesPlugin.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        for (String data : List.of("train.csv", "test.csv")) {
            Files.copy(Cli.seedExample(data), dir.resolve(data));
        }
    }

    /** The seed example's scaled-dot run with the fives distribution, with or without a plugins: key. */
    private Path config(boolean pluginsKey) throws IOException {
        String yaml = Files.readString(Cli.seedExample("scaled-dot-softmax.yaml"))
                .replace("distribution: {id: softmax, temperature: 1.0}", "distribution: fives");
        assertTrue(yaml.contains("fives"), "the seed example still has the line this test replaces");
        return Files.writeString(dir.resolve(pluginsKey ? "with-key.yaml" : "plain.yaml"),
                (pluginsKey ? "plugins: jars\n" : "") + yaml);
    }

    @Test
    void a_config_plugins_key_without_the_flag_stops_naming_the_jars_and_the_flag() throws IOException {
        Path config = config(true);
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("run", config.toString(), "--out", out.toString());
        assertEquals(1, r.code(), r::toString);
        assertEquals(List.of("attention: " + config + ": 'plugins:' would load code from " + dir.resolve("jars")
                + ": fives.jar; a config runs no code unless you say so: add --trust-config-plugins if you trust it,"
                + " or pass the folder with --plugins DIR"), r.errLines(), r::toString);
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void with_the_flag_the_config_plugin_loads_and_its_weights_are_checked() throws IOException {
        Path config = config(true);
        Cli.Result r = Cli.run("--trust-config-plugins", "run", config.toString(), "--out", dir.resolve("out").toString());
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("attention: " + FAULT), r::toString);
    }

    @Test
    void validate_lists_what_the_config_would_load() throws IOException {
        Path config = config(true);
        Cli.Result refused = Cli.run("validate", config.toString());
        assertEquals(List.of("plugins: " + dir.resolve("jars") + " would load 1 jar(s): fives.jar"),
                refused.out().lines().toList(), refused::toString);
        assertEquals(1, refused.code(), refused::toString);
        assertTrue(refused.err().contains("--trust-config-plugins"), refused::toString);

        Cli.Result trusted = Cli.run("--trust-config-plugins", "validate", config.toString());
        assertEquals(0, trusted.code(), trusted::toString);
        assertEquals("plugins: " + dir.resolve("jars") + " would load 1 jar(s): fives.jar",
                trusted.out().lines().findFirst().orElseThrow(), trusted::toString);
        assertTrue(trusted.out().contains("ok: seed-scaled-dot-softmax (global / scaled-dot / fives"), trusted::toString);
    }

    @Test
    void the_users_own_folders_need_no_flag() throws IOException {
        Path plain = config(false);
        Cli.Result viaOption = Cli.run("--plugins", plugins.toString(), "run", plain.toString(), "--out",
                dir.resolve("a").toString());
        assertEquals(1, viaOption.code(), viaOption::toString);
        assertTrue(viaOption.err().startsWith("attention: " + FAULT), viaOption::toString);

        Cli.Result viaEnvironment = Cli.runWith(Map.of("ATTENTION_PLUGINS", plugins.toString()), "run", plain.toString(),
                "--out", dir.resolve("b").toString());
        assertEquals(1, viaEnvironment.code(), viaEnvironment::toString);
        assertTrue(viaEnvironment.err().startsWith("attention: " + FAULT), viaEnvironment::toString);

        // Without either, fives is unknown: nothing was loaded.
        Cli.Result neither = Cli.run("run", plain.toString(), "--out", dir.resolve("c").toString());
        assertEquals(1, neither.code(), neither::toString);
        assertTrue(neither.err().contains("unknown distribution 'fives'"), neither::toString);

        // --plugins wins over a config's key, which then loads nothing and needs no flag.
        Cli.Result both = Cli.run("--plugins", plugins.toString(), "run", config(true).toString(), "--out",
                dir.resolve("d").toString());
        assertTrue(both.err().startsWith("attention: " + FAULT), both::toString);
    }

    @Test
    void an_environment_folder_that_is_not_there_is_one_line_naming_the_variable() throws IOException {
        Cli.Result r = Cli.runWith(Map.of("ATTENTION_PLUGINS", dir.resolve("nowhere").toString()), "plugins");
        assertEquals(1, r.code(), r::toString);
        assertEquals(List.of("attention: environment variable ATTENTION_PLUGINS names " + dir.resolve("nowhere")
                + ", which is not a folder; set it to the folder that holds your plugin jars, or unset it"),
                r.errLines(), r::toString);
    }
}
