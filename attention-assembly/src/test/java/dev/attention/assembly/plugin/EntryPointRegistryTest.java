package dev.attention.assembly.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.PluginException;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.PluginKind;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entry points ({@link AttentionPlugin}) load beside old-style providers, with the same fail-fast rules. */
class EntryPointRegistryTest {
    @TempDir
    Path dir;

    /** The test classes plus services files: entry points {@code plugins}, old-style alignments {@code providers}. */
    private ClassLoader listing(List<String> plugins, List<String> providers) throws IOException {
        Path services = Files.createDirectories(dir.resolve("cp/META-INF/services"));
        Files.writeString(services.resolve(AttentionPlugin.class.getName()), lines(TestPlugins.class, plugins));
        Files.writeString(services.resolve(AlignmentProvider.class.getName()), lines(TestProviders.class, providers));
        return new URLClassLoader(new URL[] {dir.resolve("cp").toUri().toURL()}, getClass().getClassLoader());
    }

    private static String lines(Class<?> outer, List<String> nested) {
        StringBuilder b = new StringBuilder();
        nested.forEach(n -> b.append(outer.getName()).append('$').append(n).append('\n'));
        return b.toString();
    }

    @Test
    void one_entry_point_declares_plugins_of_two_kinds() throws IOException {
        PluginRegistry r = PluginRegistry.discover(listing(List.of("Pair"), List.of()));
        assertTrue(r.ids(PluginKind.ALIGNMENT).contains("pair-alignment"), r.ids(PluginKind.ALIGNMENT).toString());
        assertTrue(r.ids(PluginKind.DISTRIBUTION).contains("pair-distribution"));
        PluginInfo info = r.info(PluginKind.DISTRIBUTION, "pair-distribution");
        assertEquals(TestPlugins.Pair.class.getName(), info.providerClass(), "the entry point is the class to name");
        assertEquals("fixture distribution", info.description());
        assertEquals(PluginKind.ALIGNMENT,
                r.provider(PluginKind.ALIGNMENT, "pair-alignment", AlignmentProvider.class).kind());
    }

    @Test
    void an_id_declared_by_an_entry_point_and_an_old_style_provider_names_both_classes() throws IOException {
        PluginException e = assertThrows(PluginException.class,
                () -> PluginRegistry.discover(listing(List.of("Twin"), List.of("DuplicateOne"))));
        assertTrue(e.getMessage().startsWith("duplicate alignment id 'twin': "), e.getMessage());
        assertTrue(e.getMessage().contains(TestProviders.DuplicateOne.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(TestPlugins.Twin.class.getName()), e.getMessage());
    }

    @Test
    void an_entry_point_for_another_api_fails_fast_on_the_class_path_naming_it() throws IOException {
        PluginException e = assertThrows(PluginException.class,
                () -> PluginRegistry.discover(listing(List.of("FutureApi"), List.of())));
        assertTrue(e.getMessage().startsWith("the plugins of " + TestPlugins.FutureApi.class.getName() + " in "),
                e.getMessage());
        assertTrue(e.getMessage().contains("built for API 99.0"), e.getMessage());
    }

    @Test
    void faults_of_entry_points_in_the_plugin_folder_are_kept_and_the_rest_works() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.entryPoints(plugins.resolve("a-future.jar"), "FutureApi");
        PluginJars.entryPoints(plugins.resolve("b-throws.jar"), "Throwing");
        PluginJars.entryPoints(plugins.resolve("c-pair.jar"), "Pair");
        PluginJars.write(plugins.resolve("d-old-twin.jar"), "DuplicateOne");
        PluginJars.entryPoints(plugins.resolve("e-new-twin.jar"), "Twin");
        PluginRegistry r = PluginRegistry.discover(getClass().getClassLoader(), plugins);
        assertTrue(r.ids(PluginKind.ALIGNMENT).containsAll(List.of("dot", "pair-alignment", "twin")));
        assertEquals("d-old-twin.jar", r.info(PluginKind.ALIGNMENT, "twin").source(), "the first in name order stays");
        List<String> broken = r.broken().stream().map(BrokenPlugin::toString).toList();
        assertEquals(3, broken.size(), broken.toString());
        assertTrue(broken.get(0).startsWith("plugin from a-future.jar: the plugins of ")
                && broken.get(0).contains("built for API 99.0"), broken.get(0));
        assertTrue(broken.get(1).startsWith("plugin from b-throws.jar: entry point ")
                && broken.get(1).contains("cannot declare"), broken.get(1));
        assertTrue(broken.get(2).startsWith("alignment 'twin' from e-new-twin.jar: duplicate alignment id 'twin': "
                + TestPlugins.Twin.class.getName() + " clashes with " + TestProviders.DuplicateOne.class.getName()
                + " (d-old-twin.jar)"), broken.get(2));
        r.close();
    }
}
