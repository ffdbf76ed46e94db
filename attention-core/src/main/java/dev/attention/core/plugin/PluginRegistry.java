package dev.attention.core.plugin;

import dev.attention.api.PluginException;
import dev.attention.api.spi.PluginKind;
import dev.attention.api.spi.PluginProvider;
import dev.attention.core.util.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every plugin found by {@link ServiceLoader}, by kind and id. Discovery fails fast: a blank or
 * malformed id, two providers with one id (both classes and jars named), or a provider that cannot
 * be loaded (jar and class named) are {@link PluginException}s. Lookups of unknown ids list the
 * known ids and the nearest one. Immutable once built.
 */
public final class PluginRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final Map<PluginKind, Map<String, Entry>> byKind;

    private record Entry(PluginProvider<?> provider, PluginInfo info) {
    }

    private PluginRegistry(Map<PluginKind, Map<String, Entry>> byKind) {
        this.byKind = byKind;
    }

    /** Discovers the providers visible to {@code loader}. */
    public static PluginRegistry discover(ClassLoader loader) {
        Map<PluginKind, Map<String, Entry>> byKind = new EnumMap<>(PluginKind.class);
        for (PluginKind kind : PluginKind.values()) {
            byKind.put(kind, Collections.unmodifiableMap(load(kind, loader)));
        }
        PluginRegistry r = new PluginRegistry(byKind);
        LOG.info("discovered {} alignments, {} distributions, {} variants",
                r.ids(PluginKind.ALIGNMENT).size(), r.ids(PluginKind.DISTRIBUTION).size(),
                r.ids(PluginKind.VARIANT).size());
        return r;
    }

    /**
     * Discovers the providers on the class path of {@code parent} plus every {@code *.jar} directly
     * inside {@code pluginDir}.
     */
    public static PluginRegistry discover(ClassLoader parent, Path pluginDir) {
        List<URL> urls = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(pluginDir, "*.jar")) {
            for (Path jar : jars) {
                urls.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new PluginException(null, pluginDir.toString(), "bad plugin jar path: " + e.getMessage(), e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new PluginException(null, pluginDir.toString(), "plugin folder " + pluginDir
                    + " does not exist; check the --plugins path", e);
        } catch (java.nio.file.NotDirectoryException e) {
            throw new PluginException(null, pluginDir.toString(), "plugin folder " + pluginDir
                    + " is not a folder; pass the folder that holds the plugin jars", e);
        } catch (IOException e) {
            throw new PluginException(null, pluginDir.toString(), "cannot list plugin folder " + pluginDir
                    + " (" + e.getClass().getSimpleName() + ")", e);
        }
        urls.sort((a, b) -> a.toString().compareTo(b.toString()));
        LOG.info("loading {} plugin jar(s) from {}", urls.size(), pluginDir);
        return discover(new URLClassLoader("attention-plugins", urls.toArray(URL[]::new), parent));
    }

    private static Map<String, Entry> load(PluginKind kind, ClassLoader loader) {
        Map<String, Entry> entries = new TreeMap<>();
        ServiceLoader<? extends PluginProvider<?>> sl = ServiceLoader.load(kind.providerType(), loader);
        List<ServiceLoader.Provider<? extends PluginProvider<?>>> found = new ArrayList<>();
        try {
            sl.stream().forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw configurationError(kind, loader, e);
        }
        for (ServiceLoader.Provider<? extends PluginProvider<?>> p : found) {
            String source = sourceOf(p.type());
            PluginProvider<?> provider;
            try {
                provider = p.get();
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new PluginException(null, source, "cannot create " + kind.id() + " provider "
                        + p.type().getName() + " from " + source + ": " + cause, e);
            }
            String id = provider.id();
            if (id == null || id.isBlank()) {
                throw new PluginException(id, source, kind.id() + " provider " + p.type().getName() + " in "
                        + source + " has a blank id; ids are stable lowercase names like 'scaled-dot'");
            }
            if (!ID.matcher(id).matches()) {
                throw new PluginException(id, source, kind.id() + " provider " + p.type().getName() + " in "
                        + source + " has id '" + id + "'; ids are lowercase letters and digits joined by single"
                        + " hyphens, like 'scaled-dot'");
            }
            if (provider.kind() != kind) {
                throw new PluginException(id, source, "provider " + p.type().getName() + " is listed as "
                        + kind.id() + " but says it is " + provider.kind().id());
            }
            PluginInfo info = new PluginInfo(kind, id, provider.description(), provider.parameters(),
                    p.type().getName(), source);
            Entry prior = entries.putIfAbsent(id, new Entry(provider, info));
            if (prior != null) {
                throw new PluginException(id, source, "duplicate " + kind.id() + " id '" + id + "': "
                        + prior.info.providerClass() + " (" + prior.info.source() + ") and " + p.type().getName()
                        + " (" + source + "); remove one of the jars");
            }
            LOG.debug("found {} '{}' ({}) in {}", kind.id(), id, p.type().getName(), source);
        }
        return entries;
    }

    /** Wraps ServiceLoader's error with the service files and the class it names. */
    private static PluginException configurationError(PluginKind kind, ClassLoader loader, ServiceConfigurationError e) {
        String file = "META-INF/services/" + kind.providerType().getName();
        List<String> jars = new ArrayList<>();
        String msg = String.valueOf(e.getMessage());
        try {
            Enumeration<URL> urls = loader.getResources(file);
            while (urls.hasMoreElements()) {
                URL u = urls.nextElement();
                try (InputStream in = u.openStream()) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    for (String line : text.split("\\R")) {
                        String cls = line.replaceAll("#.*", "").trim();
                        if (!cls.isEmpty() && msg.contains(cls)) {
                            jars.add(jarOf(u.toString()) + " names " + cls);
                        }
                    }
                }
            }
        } catch (IOException io) {
            e.addSuppressed(io);
        }
        String where = jars.isEmpty() ? "" : " (" + String.join("; ", jars) + ")";
        return new PluginException(null, jars.isEmpty() ? null : jars.get(0),
                "cannot load " + kind.id() + " plugins" + where + ": " + msg, e);
    }

    private static String sourceOf(Class<?> type) {
        CodeSource cs = type.getProtectionDomain().getCodeSource();
        return cs == null || cs.getLocation() == null ? "unknown" : jarOf(cs.getLocation().toString());
    }

    private static String jarOf(String url) {
        String s = url;
        int bang = s.indexOf("!/");
        if (bang >= 0) {
            s = s.substring(0, bang);
        }
        s = s.replaceFirst("^jar:", "");
        if (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.substring(s.lastIndexOf('/') + 1);
    }

    /** Sorted ids of one kind. */
    public List<String> ids(PluginKind kind) {
        return List.copyOf(byKind.get(kind).keySet());
    }

    /** Every plugin, by kind then id. */
    public List<PluginInfo> all() {
        List<PluginInfo> out = new ArrayList<>();
        for (Map<String, Entry> m : byKind.values()) {
            m.values().forEach(e -> out.add(e.info));
        }
        return out;
    }

    /**
     * The provider for {@code id}.
     *
     * @throws PluginException listing the sorted known ids and the nearest match
     */
    public <P extends PluginProvider<?>> P provider(PluginKind kind, String id, Class<P> type) {
        Entry e = byKind.get(kind).get(id);
        if (e == null) {
            throw new PluginException(id, null, unknownMessage(kind, id));
        }
        return type.cast(e.provider);
    }

    /** Metadata for {@code id}, with the same error as {@link #provider}. */
    public PluginInfo info(PluginKind kind, String id) {
        Entry e = byKind.get(kind).get(id);
        if (e == null) {
            throw new PluginException(id, null, unknownMessage(kind, id));
        }
        return e.info;
    }

    /** "unknown alignment 'scaled-dott'; did you mean 'scaled-dot'? known: cosine, dot, scaled-dot". */
    public String unknownMessage(PluginKind kind, String id) {
        List<String> known = ids(kind);
        if (known.isEmpty()) {
            return "unknown " + kind.id() + " '" + id + "': no " + kind.id()
                    + " plugins are installed; add a module that provides them (e.g. attention-" + kind.id()
                    + "s) to the class path";
        }
        return "unknown " + kind.id() + " '" + id + "'; " + Suggestions.didYouMean(id, known) + "known: "
                + String.join(", ", known);
    }
}
