package dev.attention.assembly.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.PluginException;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.PluginKind;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {
    @TempDir
    Path dir;

    /** A class loader that sees the test classes plus one services file listing {@code classes}. */
    private ClassLoader listing(String... classes) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(AlignmentProvider.class.getName()), String.join("\n", classes) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    private static String nested(String simple) {
        return TestProviders.class.getName() + "$" + simple;
    }

    @Test
    void discovers_the_class_path_plugins_sorted_by_id() {
        PluginRegistry r = PluginRegistry.discover(getClass().getClassLoader());
        List<String> ids = r.ids(PluginKind.ALIGNMENT);
        assertTrue(ids.containsAll(List.of("cosine", "dot", "scaled-dot")), ids.toString());
        assertEquals(ids.stream().sorted().toList(), ids);
        PluginInfo dot = r.info(PluginKind.ALIGNMENT, "dot");
        assertTrue(dot.source().startsWith("attention-alignments"), dot.source());
        assertTrue(r.ids(PluginKind.VARIANT).contains("global"));
    }

    @Test
    void a_duplicate_id_names_both_classes() throws IOException {
        PluginException e = assertThrows(PluginException.class, () -> PluginRegistry.discover(
                listing(nested("DuplicateOne"), nested("DuplicateTwo"))));
        assertTrue(e.getMessage().contains("duplicate alignment id 'twin'"), e.getMessage());
        assertTrue(e.getMessage().contains("DuplicateOne"), e.getMessage());
        assertTrue(e.getMessage().contains("DuplicateTwo"), e.getMessage());
        assertEquals("twin", e.pluginId().orElseThrow());
    }

    @Test
    void blank_and_class_like_ids_are_refused() throws IOException {
        PluginException blank = assertThrows(PluginException.class,
                () -> PluginRegistry.discover(listing(nested("Blank"))));
        assertTrue(blank.getMessage().contains("has a blank id"), blank.getMessage());
        PluginException upper = assertThrows(PluginException.class,
                () -> PluginRegistry.discover(listing(nested("ClassNamed"))));
        assertTrue(upper.getMessage().contains("has id 'ClassNamed'"), upper.getMessage());
    }

    @Test
    void a_missing_provider_class_names_the_class_and_the_service_file_source() throws IOException {
        PluginException e = assertThrows(PluginException.class,
                () -> PluginRegistry.discover(listing("com.example.Missing")));
        assertTrue(e.getMessage().contains("com.example.Missing"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot load alignment plugins"), e.getMessage());
        assertTrue(e.getCause() instanceof java.util.ServiceConfigurationError);
    }

    @Test
    void a_provider_that_throws_is_named_with_its_source() throws IOException {
        PluginException e = assertThrows(PluginException.class,
                () -> PluginRegistry.discover(listing(nested("Throwing"))));
        assertTrue(e.getMessage().contains("Throwing"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot start"), e.getMessage());
    }

    @Test
    void unknown_ids_list_the_known_ones_and_the_nearest() {
        PluginRegistry r = PluginRegistry.discover(getClass().getClassLoader());
        PluginException e = assertThrows(PluginException.class,
                () -> r.provider(PluginKind.ALIGNMENT, "scaled-dott", AlignmentProvider.class));
        assertTrue(e.getMessage().startsWith("unknown alignment 'scaled-dott'; did you mean 'scaled-dot'? known: "),
                e.getMessage());
        // Every known alignment, sorted; taken from the registry so new alignment plugins keep this true.
        assertTrue(e.getMessage().endsWith("known: " + String.join(", ", r.ids(PluginKind.ALIGNMENT))), e.getMessage());
    }

    @Test
    void a_plugin_folder_adds_its_jars() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.write(plugins.resolve("extra.jar"), "Fine");
        PluginRegistry r = PluginRegistry.discover(getClass().getClassLoader(), plugins);
        assertTrue(r.ids(PluginKind.ALIGNMENT).contains("fine-one"), r.ids(PluginKind.ALIGNMENT).toString());
        assertTrue(r.ids(PluginKind.ALIGNMENT).contains("dot"));
        assertEquals("extra.jar", r.info(PluginKind.ALIGNMENT, "fine-one").source());
        assertEquals(List.of(), r.broken());
    }

    @Test
    void a_jar_that_is_not_a_zip_is_a_broken_plugin_naming_it_not_silently_skipped() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.writeString(plugins.resolve("a-text.jar"), "this is not a jar\n");
        PluginJars.write(plugins.resolve("b-fine.jar"), "Fine");
        byte[] whole = Files.readAllBytes(plugins.resolve("b-fine.jar"));
        Path folder = Files.createDirectories(plugins.resolve("c-folder"));
        Files.write(folder.resolve("cut.jar"), java.util.Arrays.copyOf(whole, whole.length / 2));
        PluginRegistry r = PluginRegistry.discover(getClass().getClassLoader(), plugins);
        assertTrue(r.ids(PluginKind.ALIGNMENT).contains("fine-one"), "the other jars still load");
        List<String> broken = r.broken().stream().map(BrokenPlugin::toString).toList();
        assertEquals(2, broken.size(), broken.toString());
        assertTrue(broken.get(0).startsWith("plugin from a-text.jar: a-text.jar is not a jar (zip) file ("),
                broken.get(0));
        assertTrue(broken.get(0).endsWith("); rebuild or download the plugin jar again, or remove it from the folder"),
                broken.get(0));
        assertTrue(broken.get(1).startsWith("plugin from c-folder/: cut.jar is not a jar (zip) file ("),
                broken.get(1));
    }

    @Test
    void a_plugin_jar_sees_the_api_but_not_core_nor_another_jar() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.write(plugins.resolve("a.jar"), "Peeking");
        PluginJars.write(plugins.resolve("b.jar"), "Fine");
        PluginRegistry r = PluginRegistry.discover(getClass().getClassLoader(), plugins);
        assertEquals("sees only the API", r.info(PluginKind.ALIGNMENT, "peeking").description());
        ClassLoader a = r.provider(PluginKind.ALIGNMENT, "peeking", AlignmentProvider.class).getClass().getClassLoader();
        ClassLoader b = r.provider(PluginKind.ALIGNMENT, "fine-one", AlignmentProvider.class).getClass().getClassLoader();
        assertNotSame(a, b, "one class loader per jar");
        assertNotSame(getClass().getClassLoader(), a);
    }

    @Test
    void faults_in_plugin_jars_leave_the_other_plugins_working() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.write(plugins.resolve("a-throws.jar"), "Throwing");
        PluginJars.write(plugins.resolve("b-blank.jar"), "Blank");
        PluginJars.write(plugins.resolve("c-future.jar"), "FutureApi");
        PluginJars.write(plugins.resolve("d-twins.jar"), "DuplicateOne", "DuplicateTwo");
        PluginJars.write(plugins.resolve("e-fine.jar"), "Fine");
        PluginJars.write(plugins.resolve("f-again.jar"), "Fine");
        PluginJars.write(plugins.resolve("g-missing.jar"), "Missing");
        PluginRegistry r = PluginRegistry.discover(getClass().getClassLoader(), plugins);
        assertTrue(r.ids(PluginKind.ALIGNMENT).containsAll(List.of("dot", "fine-one", "twin")));
        List<String> broken = r.broken().stream().map(BrokenPlugin::toString).toList();
        assertEquals(6, broken.size(), broken.toString());
        assertTrue(broken.get(0).startsWith("alignment from a-throws.jar: ") && broken.get(0).contains("cannot start"),
                broken.get(0));
        assertTrue(broken.get(1).contains("b-blank.jar") && broken.get(1).contains("has a blank id"), broken.get(1));
        assertTrue(broken.get(2).startsWith("alignment 'from-the-future' from c-future.jar: ")
                && broken.get(2).contains("built for API 99.0"), broken.get(2));
        assertTrue(broken.get(3).startsWith("alignment 'twin' from d-twins.jar: duplicate"), broken.get(3));
        assertTrue(broken.get(4).startsWith("alignment 'fine-one' from f-again.jar: duplicate")
                && broken.get(4).contains("(e-fine.jar)"), broken.get(4));
        assertTrue(broken.get(5).contains("g-missing.jar") && broken.get(5).contains("Missing"), broken.get(5));
        PluginException e = assertThrows(PluginException.class,
                () -> r.provider(PluginKind.ALIGNMENT, "from-the-future", AlignmentProvider.class));
        assertTrue(e.getMessage().startsWith("alignment 'from-the-future' from c-future.jar is broken: "),
                e.getMessage());
    }

    @Test
    void an_incompatible_api_on_the_class_path_fails_fast() throws IOException {
        PluginException e = assertThrows(PluginException.class,
                () -> PluginRegistry.discover(listing(nested("FutureApi"))));
        assertTrue(e.getMessage().contains("built for API 99.0"), e.getMessage());
    }
}
