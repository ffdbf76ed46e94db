package dev.attention.assembly.plugin;

import dev.attention.api.spi.AlignmentProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Writes plugin jars holding the {@link TestProviders} classes, so they load as real third-party code. */
final class PluginJars {
    private PluginJars() {
    }

    /** A jar with every TestProviders class and an alignment services file listing {@code providers}. */
    static Path write(Path jar, String... providers) throws IOException {
        Path classes = Path.of(TestProviders.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        String pkg = TestProviders.class.getPackageName().replace('.', '/');
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.list(classes.resolve(pkg))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("TestProviders")).toList()) {
                out.putNextEntry(new JarEntry(pkg + "/" + f.getFileName()));
                try (InputStream in = Files.newInputStream(f)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + AlignmentProvider.class.getName()));
            StringBuilder list = new StringBuilder();
            for (String p : providers) {
                list.append(TestProviders.class.getName()).append('$').append(p).append('\n');
            }
            out.write(list.toString().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
