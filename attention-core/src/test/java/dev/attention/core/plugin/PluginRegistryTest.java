package dev.attention.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
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
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(plugins.resolve("extra.jar")))) {
            jar.putNextEntry(new JarEntry("META-INF/services/" + AlignmentProvider.class.getName()));
            jar.write((nested("Fine") + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        PluginRegistry r = PluginRegistry.discover(getClass().getClassLoader(), plugins);
        assertTrue(r.ids(PluginKind.ALIGNMENT).contains("fine-one"), r.ids(PluginKind.ALIGNMENT).toString());
        assertTrue(r.ids(PluginKind.ALIGNMENT).contains("dot"));
    }
}
