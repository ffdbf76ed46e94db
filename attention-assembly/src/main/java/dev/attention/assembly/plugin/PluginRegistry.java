package dev.attention.assembly.plugin;

import dev.attention.api.ApiVersion;
import dev.attention.api.PluginException;
import dev.attention.api.spi.PluginKind;
import dev.attention.api.spi.PluginProvider;
import dev.attention.io.util.Suggestions;
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
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every plugin found by {@link ServiceLoader}, by kind and id. On the class path discovery fails
 * fast: a blank or malformed id, two providers with one id (both classes and jars named), a provider
 * that cannot be loaded (jar and class named) or one built for an incompatible API are
 * {@link PluginException}s, because the class path is the application's own build. A plugin folder
 * is third-party code added at run time: each jar gets its own class loader that sees only the API
 * ({@link ApiOnlyClassLoader}), and a jar's faults are kept as {@link #broken()} plugins with their
 * reasons while every other plugin works. Lookups of unknown ids list the known ids and the nearest
 * one. Immutable once built.
 */
public final class PluginRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final Map<PluginKind, Map<String, Entry>> byKind;
    private final List<BrokenPlugin> broken;

    private record Entry(PluginProvider<?> provider, PluginInfo info) {
    }

    private PluginRegistry(Map<PluginKind, Map<String, Entry>> byKind, List<BrokenPlugin> broken) {
        this.byKind = byKind;
        this.broken = List.copyOf(broken);
    }

    /** Discovers the providers visible to {@code loader}. */
    public static PluginRegistry discover(ClassLoader loader) {
        Map<PluginKind, Map<String, Entry>> byKind = new EnumMap<>(PluginKind.class);
        for (PluginKind kind : PluginKind.values()) {
            byKind.put(kind, load(kind, loader));
        }
        return done(byKind, List.of());
    }

    /**
     * Discovers the providers on the class path of {@code parent} (failing fast, as
     * {@link #discover(ClassLoader)}) plus those of every {@code *.jar} directly inside
     * {@code pluginDir}, each jar in its own class loader that sees only the API. A jar's faults make
     * {@link #broken()} entries instead of failing discovery.
     */
    public static PluginRegistry discover(ClassLoader parent, Path pluginDir) {
        List<Path> jars = jars(pluginDir);
        LOG.info("loading {} plugin jar(s) from {}", jars.size(), pluginDir);
        Map<PluginKind, Map<String, Entry>> byKind = new EnumMap<>(PluginKind.class);
        for (PluginKind kind : PluginKind.values()) {
            byKind.put(kind, load(kind, parent));
        }
        ClassLoader apiOnly = new ApiOnlyClassLoader(PluginProvider.class.getClassLoader());
        List<BrokenPlugin> broken = new ArrayList<>();
        for (Path jar : jars) {
            String source = jar.getFileName().toString();
            ClassLoader loader;
            try {
                loader = new URLClassLoader(source, new URL[] {jar.toUri().toURL()}, apiOnly);
            } catch (MalformedURLException e) {
                throw new PluginException(null, source, "bad plugin jar path " + jar + ": " + e.getMessage(), e);
            }
            for (PluginKind kind : PluginKind.values()) {
                loadIsolated(kind, loader, source, byKind.get(kind), broken);
            }
        }
        for (BrokenPlugin b : broken) {
            LOG.warn("plugin left out: {}", b);
        }
        return done(byKind, broken);
    }

    private static PluginRegistry done(Map<PluginKind, Map<String, Entry>> entries, List<BrokenPlugin> broken) {
        Map<PluginKind, Map<String, Entry>> byKind = new EnumMap<>(PluginKind.class);
        entries.forEach((k, m) -> byKind.put(k, Collections.unmodifiableMap(m)));
        PluginRegistry r = new PluginRegistry(byKind, broken);
        LOG.info("discovered {} alignments, {} distributions, {} variants",
                r.ids(PluginKind.ALIGNMENT).size(), r.ids(PluginKind.DISTRIBUTION).size(),
                r.ids(PluginKind.VARIANT).size());
        return r;
    }

    /** The {@code *.jar} files directly inside {@code pluginDir}, sorted by name. */
    private static List<Path> jars(Path pluginDir) {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(pluginDir, "*.jar")) {
            found.forEach(jars::add);
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
        jars.sort(null);
        return jars;
    }

    /** One jar's providers of one kind into {@code entries}; every fault becomes a broken plugin. */
    private static void loadIsolated(PluginKind kind, ClassLoader loader, String source, Map<String, Entry> entries,
            List<BrokenPlugin> broken) {
        List<ServiceLoader.Provider<? extends PluginProvider<?>>> found = new ArrayList<>();
        try {
            ServiceLoader.load(kind.providerType(), loader).stream().forEach(found::add);
        } catch (ServiceConfigurationError e) {
            broken.add(new BrokenPlugin(kind, Optional.empty(), source, "cannot load its " + kind.id()
                    + " providers: " + e.getMessage()));
            return;
        }
        for (ServiceLoader.Provider<? extends PluginProvider<?>> p : found) {
            try {
                Entry e = entry(kind, p, source);
                Entry prior = entries.putIfAbsent(e.info.id(), e);
                if (prior != null) {
                    broken.add(new BrokenPlugin(kind, Optional.of(e.info.id()), source, "duplicate " + kind.id()
                            + " id '" + e.info.id() + "': " + p.type().getName() + " clashes with "
                            + prior.info.providerClass() + " (" + prior.info.source() + "); remove one of the jars"));
                }
            } catch (PluginException e) {
                broken.add(new BrokenPlugin(kind, e.pluginId(), source, e.getMessage()));
            }
        }
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
            Entry e = entry(kind, p, sourceOf(p.type()));
            Entry prior = entries.putIfAbsent(e.info.id(), e);
            if (prior != null) {
                throw new PluginException(e.info.id(), e.info.source(), "duplicate " + kind.id() + " id '"
                        + e.info.id() + "': " + prior.info.providerClass() + " (" + prior.info.source() + ") and "
                        + p.type().getName() + " (" + e.info.source() + "); remove one of the jars");
            }
        }
        return entries;
    }

    /**
     * Instantiates one provider and checks it: an id that is a stable lowercase word, the kind it is
     * listed as, and an API version this engine runs.
     */
    private static Entry entry(PluginKind kind, ServiceLoader.Provider<? extends PluginProvider<?>> p, String source) {
        PluginProvider<?> provider;
        String id;
        String apiVersion;
        try {
            provider = p.get();
            id = provider.id();
            apiVersion = provider.apiVersion();
        } catch (AbstractMethodError e) {
            throw new PluginException(null, source, kind.id() + " provider " + p.type().getName() + " in " + source
                    + " does not declare apiVersion(); it was built for an API before " + ApiVersion.CURRENT
                    + ", rebuild it against attention-api " + ApiVersion.CURRENT, e);
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof ServiceConfigurationError && e.getCause() != null ? e.getCause() : e;
            throw new PluginException(null, source, "cannot create " + kind.id() + " provider "
                    + p.type().getName() + " from " + source + ": " + cause, e);
        }
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
        String incompatible = ApiVersion.incompatibility(apiVersion);
        if (!incompatible.isEmpty()) {
            throw new PluginException(id, source, kind.id() + " '" + id + "' (" + p.type().getName() + " in "
                    + source + ") " + incompatible);
        }
        LOG.debug("found {} '{}' ({}) in {}", kind.id(), id, p.type().getName(), source);
        return new Entry(provider, new PluginInfo(kind, id, provider.description(), provider.parameters(),
                p.type().getName(), source));
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

    /** Plugins of the plugin folder that were left out, with the reason, in jar order. */
    public List<BrokenPlugin> broken() {
        return broken;
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
        for (BrokenPlugin b : broken) {
            if (b.kind() == kind && b.id().filter(id::equals).isPresent()) {
                return kind.id() + " '" + id + "' from " + b.source() + " is broken: " + b.reason();
            }
        }
        if (known.isEmpty()) {
            return "unknown " + kind.id() + " '" + id + "': no " + kind.id()
                    + " plugins are installed; add a module that provides them (e.g. attention-" + kind.id()
                    + "s) to the class path";
        }
        return "unknown " + kind.id() + " '" + id + "'; " + Suggestions.didYouMean(id, known) + "known: "
                + String.join(", ", known);
    }
}
