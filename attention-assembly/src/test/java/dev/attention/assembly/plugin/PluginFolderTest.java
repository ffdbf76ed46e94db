package dev.attention.assembly.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.Alignment;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.PluginKind;
import dev.attention.assembly.config.ComponentConfig;
import dev.attention.assembly.pipeline.PipelineFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin may be a folder of jars; its loader is the context loader while it runs, and closes with the registry. */
class PluginFolderTest {
    @TempDir
    Path dir;

    @Test
    void a_folder_of_jars_is_one_plugin_whose_jars_see_each_other() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path folder = Files.createDirectories(plugins.resolve("needs-lib"));
        PluginJars.entryPoints(folder.resolve("plugin.jar"), "NeedsLib");
        PluginJars.classes(folder.resolve("lib.jar"), LibOfTestPlugins.class);
        Files.writeString(folder.resolve("README.txt"), "not a jar, ignored");
        try (PluginRegistry r = PluginRegistry.discover(getClass().getClassLoader(), plugins)) {
            assertEquals(List.of(), r.broken());
            PluginInfo info = r.info(PluginKind.ALIGNMENT, "needs-lib");
            assertEquals("uses a class from a jar beside it", info.description());
            assertEquals("needs-lib/", info.source());
        }
    }

    @Test
    void the_same_plugin_jar_alone_misses_its_dependency_and_is_broken() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.entryPoints(plugins.resolve("plugin.jar"), "NeedsLib");
        PluginJars.classes(plugins.resolve("lib.jar"), LibOfTestPlugins.class);
        try (PluginRegistry r = PluginRegistry.discover(getClass().getClassLoader(), plugins)) {
            assertEquals(1, r.broken().size(), r.broken().toString());
            BrokenPlugin b = r.broken().get(0);
            assertEquals("plugin.jar", b.source());
            assertTrue(b.reason().contains("NoClassDefFoundError: " + LibOfTestPlugins.class.getName().replace('.', '/'))
                    && b.reason().endsWith("a plugin that needs other jars is a folder holding its jar and theirs"),
                    b.reason());
        }
    }

    @Test
    void an_empty_folder_is_broken_with_the_fix() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.createDirectories(plugins.resolve("empty"));
        try (PluginRegistry r = PluginRegistry.discover(getClass().getClassLoader(), plugins)) {
            assertEquals("plugin from empty/: the folder holds no .jar files; put the plugin's jar and the jars it"
                    + " depends on directly inside it", r.broken().get(0).toString());
        }
    }

    @Test
    void the_plugin_runs_with_its_own_loader_as_context_loader_and_the_callers_is_restored() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.entryPoints(plugins.resolve("probe.jar"), "ContextProbe");
        ClassLoader caller = Thread.currentThread().getContextClassLoader();
        try (PluginRegistry r = PluginRegistry.discover(getClass().getClassLoader(), plugins)) {
            // The probe refuses to register, be created or score under any other context loader.
            assertEquals(List.of(), r.broken(), "registered under its own loader");
            assertSame(caller, Thread.currentThread().getContextClassLoader());
            Alignment a = new PipelineFactory(r).alignment(ComponentConfig.of("alignment", "context-probe", Map.of()),
                    DType.FLOAT64, 0);
            assertSame(caller, Thread.currentThread().getContextClassLoader());
            Tensor q = Tensor.of(DType.FLOAT64, new int[] {2, 1}, 1, 2);
            Tensor k = Tensor.of(DType.FLOAT64, new int[] {3, 1}, 1, 2, 3);
            assertEquals(List.of(2, 3), List.of(a.scores(q, k).rows(), a.scores(q, k).cols()));
            assertSame(caller, Thread.currentThread().getContextClassLoader());
            ClassLoader own = r.contextLoader(PluginKind.ALIGNMENT, "context-probe").orElseThrow();
            assertEquals("probe.jar", own.getName());
            assertTrue(r.contextLoader(PluginKind.ALIGNMENT, "dot").isEmpty(), "class-path plugins keep the caller's");
            // The engine's other calls into a plugin (stream forms, tensor imports) go through callAs.
            assertSame(own, r.callAs(PluginKind.ALIGNMENT, "context-probe",
                    () -> Thread.currentThread().getContextClassLoader()));
            assertSame(caller, Thread.currentThread().getContextClassLoader(), "restored after callAs");
            assertSame(caller, r.callAs(PluginKind.ALIGNMENT, "dot", () -> Thread.currentThread().getContextClassLoader()));
        }
    }

    @Test
    void closing_the_registry_closes_the_plugin_loaders() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.entryPoints(plugins.resolve("pair.jar"), "Pair");
        PluginRegistry r = PluginRegistry.discover(getClass().getClassLoader(), plugins);
        ClassLoader loader = r.contextLoader(PluginKind.ALIGNMENT, "pair-alignment").orElseThrow();
        String services = "META-INF/services/" + AttentionPlugin.class.getName();
        assertNotNull(loader.getResource(services), "open: the jar's resources are readable");
        r.close();
        assertNull(loader.getResource(services), "closed: the jar file is released");
        r.close();
    }
}
