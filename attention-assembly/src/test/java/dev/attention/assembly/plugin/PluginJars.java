package dev.attention.assembly.plugin;

import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.AttentionPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Writes plugin jars holding the {@link TestProviders} or {@link TestPlugins} classes, so they load as
 * real third-party code.
 */
final class PluginJars {
    private PluginJars() {
    }

    /** A jar with every TestProviders class and an old-style alignment services file listing {@code providers}. */
    static Path write(Path jar, String... providers) throws IOException {
        return jar(jar, TestProviders.class, AlignmentProvider.class, providers);
    }

    /** A jar with every TestPlugins class and an entry point services file listing {@code plugins}. */
    static Path entryPoints(Path jar, String... plugins) throws IOException {
        return jar(jar, TestPlugins.class, AttentionPlugin.class, plugins);
    }

    /** A jar of the classes whose names start with {@code type}'s simple name, and no services file. */
    static Path classes(Path jar, Class<?> type) throws IOException {
        return jar(jar, type, null);
    }

    private static Path jar(Path jar, Class<?> type, Class<?> service, String... nested) throws IOException {
        Path classes = Path.of(type.getProtectionDomain().getCodeSource().getLocation().getPath());
        String pkg = type.getPackageName().replace('.', '/');
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.list(classes.resolve(pkg))) {
            List<Path> own = files.filter(f -> f.getFileName().toString().startsWith(type.getSimpleName())).toList();
            for (Path f : own) {
                out.putNextEntry(new JarEntry(pkg + "/" + f.getFileName()));
                try (InputStream in = Files.newInputStream(f)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            if (service != null) {
                out.putNextEntry(new JarEntry("META-INF/services/" + service.getName()));
                StringBuilder list = new StringBuilder();
                for (String p : nested) {
                    list.append(type.getName()).append('$').append(p).append('\n');
                }
                out.write(list.toString().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
