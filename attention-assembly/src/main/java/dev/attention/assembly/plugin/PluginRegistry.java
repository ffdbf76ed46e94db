package dev.attention.assembly.plugin;

import dev.attention.api.ApiVersion;
import dev.attention.api.PluginException;
import dev.attention.api.UnknownName;
import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.PluginId;
import dev.attention.api.spi.PluginKind;
import dev.attention.api.spi.PluginProvider;
import dev.attention.api.spi.PluginRegistrar;
import dev.attention.api.spi.TensorImport;
import dev.attention.api.spi.VariantProvider;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every plugin found by {@link ServiceLoader}, by kind and id. A jar declares its plugins through one
 * {@link AttentionPlugin} entry point; jars of the previous API list one {@link PluginProvider} per
 * plugin instead, and both load (decision 31). On the class path discovery fails fast: a blank or
 * malformed id, two plugins with one id (both classes and jars named, whichever style declared
 * them), a provider or entry point that cannot be loaded (jar and class named) or one built for an
 * incompatible API are {@link PluginException}s, because the class path is the application's own
 * build. A plugin folder is third-party code added at run time: each jar, or each sub-folder of jars
 * (a plugin with its dependencies beside it), gets its own class loader that sees only the API
 * ({@link ApiOnlyClassLoader}), and its faults are kept as {@link #broken()} plugins with their
 * reasons while every other plugin works. Discovery and {@link #contextLoader} set the thread
 * context class loader to the plugin's own while plugin code runs. Lookups of unknown ids list the
 * known ids and the nearest one. Immutable once built; {@link #close()} closes the plugin folder's
 * class loaders, after which its plugins must not be used.
 */
public final class PluginRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);
    private static final String JAR = ".jar";

    private final Map<PluginKind, Map<String, Entry>> byKind;
    private final List<BrokenPlugin> broken;
    private final List<URLClassLoader> loaders;

    /**
     * @param loader the plugin folder loader the plugin came from, null on the class path
     */
    private record Entry(PluginProvider<?> provider, PluginInfo info, ClassLoader loader) {
    }

    /** One plugin of the plugin folder: a jar, or a folder of jars loaded together. */
    private record Unit(String source, List<Path> jars) {
    }

    private PluginRegistry(Map<PluginKind, Map<String, Entry>> byKind, List<BrokenPlugin> broken,
            List<URLClassLoader> loaders) {
        this.byKind = byKind;
        this.broken = List.copyOf(broken);
        this.loaders = List.copyOf(loaders);
    }

    /** Discovers the entry points and providers visible to {@code loader}. */
    public static PluginRegistry discover(ClassLoader loader) {
        return done(classPath(loader), List.of(), List.of());
    }

    /**
     * Discovers the plugins on the class path of {@code parent} (failing fast, as
     * {@link #discover(ClassLoader)}) plus those of {@code pluginDir}: every {@code *.jar} directly
     * inside it, and every sub-folder, whose {@code *.jar} files (the plugin and its own dependencies)
     * share one class loader. Each such loader sees only the API. A unit's faults make
     * {@link #broken()} entries instead of failing discovery.
     */
    public static PluginRegistry discover(ClassLoader parent, Path pluginDir) {
        List<Unit> units = units(pluginDir);
        LOG.info("loading {} plugin(s) from {}", units.size(), pluginDir);
        Map<PluginKind, Map<String, Entry>> byKind = classPath(parent);
        ClassLoader apiOnly = new ApiOnlyClassLoader(PluginProvider.class.getClassLoader());
        List<BrokenPlugin> broken = new ArrayList<>();
        List<URLClassLoader> loaders = new ArrayList<>();
        for (Unit unit : units) {
            if (unit.jars.isEmpty()) {
                broken.add(new BrokenPlugin(Optional.empty(), Optional.empty(), unit.source, "the folder holds no "
                        + JAR + " files; put the plugin's jar and the jars it depends on directly inside it"));
                continue;
            }
            Optional<String> unreadable = unit.jars.stream().map(PluginRegistry::notAJar).flatMap(Optional::stream)
                    .findFirst();
            if (unreadable.isPresent()) {
                // The class loader would skip such a jar silently, and the user would think the plugin loaded.
                broken.add(new BrokenPlugin(Optional.empty(), Optional.empty(), unit.source, unreadable.get()));
                continue;
            }
            URL[] urls = new URL[unit.jars.size()];
            for (int i = 0; i < urls.length; i++) {
                try {
                    urls[i] = unit.jars.get(i).toUri().toURL();
                } catch (MalformedURLException e) {
                    throw new PluginException(null, unit.source, "bad plugin jar path " + unit.jars.get(i) + ": "
                            + e.getMessage(), e);
                }
            }
            URLClassLoader loader = new URLClassLoader(unit.source, urls, apiOnly);
            loaders.add(loader);
            withContextLoader(loader, () -> isolated(loader, unit.source, byKind, broken));
        }
        for (BrokenPlugin b : broken) {
            LOG.warn("plugin left out: {}", b);
        }
        return done(byKind, broken, loaders);
    }

    private static PluginRegistry done(Map<PluginKind, Map<String, Entry>> entries, List<BrokenPlugin> broken,
            List<URLClassLoader> loaders) {
        Map<PluginKind, Map<String, Entry>> byKind = new EnumMap<>(PluginKind.class);
        entries.forEach((k, m) -> byKind.put(k, Collections.unmodifiableMap(m)));
        PluginRegistry r = new PluginRegistry(byKind, broken, loaders);
        LOG.info("discovered {} alignments, {} distributions, {} variants",
                r.ids(PluginKind.ALIGNMENT).size(), r.ids(PluginKind.DISTRIBUTION).size(),
                r.ids(PluginKind.VARIANT).size());
        return r;
    }

    /** The class path's plugins, old-style providers then entry points; every fault is thrown. */
    private static Map<PluginKind, Map<String, Entry>> classPath(ClassLoader loader) {
        Map<PluginKind, Map<String, Entry>> byKind = new EnumMap<>(PluginKind.class);
        for (PluginKind kind : PluginKind.values()) {
            byKind.put(kind, new TreeMap<>());
        }
        for (PluginKind kind : PluginKind.values()) {
            for (ServiceLoader.Provider<? extends PluginProvider<?>> p : found(kind.providerType(), kind.id(), loader)) {
                add(byKind, entry(kind, p, sourceOf(p.type())), null);
            }
        }
        for (ServiceLoader.Provider<AttentionPlugin> p : found(AttentionPlugin.class, "plugin", loader)) {
            for (Entry e : entries(p, sourceOf(p.type()), null)) {
                add(byKind, e, null);
            }
        }
        return byKind;
    }

    private static <S> List<ServiceLoader.Provider<S>> found(Class<S> service, String what, ClassLoader loader) {
        List<ServiceLoader.Provider<S>> found = new ArrayList<>();
        try {
            ServiceLoader.load(service, loader).stream().forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw configurationError(service, what, loader, e);
        }
        return found;
    }

    /** One plugin folder unit's entry points and providers; every fault becomes a broken plugin. */
    private static void isolated(ClassLoader loader, String source, Map<PluginKind, Map<String, Entry>> byKind,
            List<BrokenPlugin> broken) {
        for (PluginKind kind : PluginKind.values()) {
            List<ServiceLoader.Provider<? extends PluginProvider<?>>> found = new ArrayList<>();
            try {
                ServiceLoader.load(kind.providerType(), loader).stream().forEach(found::add);
            } catch (ServiceConfigurationError e) {
                broken.add(new BrokenPlugin(Optional.of(kind), Optional.empty(), source, "cannot load its "
                        + kind.id() + " providers: " + e.getMessage()));
                continue;
            }
            for (ServiceLoader.Provider<? extends PluginProvider<?>> p : found) {
                try {
                    add(byKind, entry(kind, p, source), broken, loader);
                } catch (PluginException e) {
                    broken.add(new BrokenPlugin(Optional.of(kind), e.pluginId(), source, e.getMessage()));
                }
            }
        }
        List<ServiceLoader.Provider<AttentionPlugin>> entryPoints = new ArrayList<>();
        try {
            ServiceLoader.load(AttentionPlugin.class, loader).stream().forEach(entryPoints::add);
        } catch (ServiceConfigurationError e) {
            broken.add(new BrokenPlugin(Optional.empty(), Optional.empty(), source, "cannot load its entry point: "
                    + e.getMessage()));
            return;
        }
        for (ServiceLoader.Provider<AttentionPlugin> p : entryPoints) {
            List<Entry> entries;
            try {
                entries = entries(p, source, loader);
            } catch (PluginException e) {
                broken.add(new BrokenPlugin(Optional.empty(), e.pluginId(), source, e.getMessage()));
                continue;
            }
            for (Entry e : entries) {
                add(byKind, e, broken, loader);
            }
        }
    }

    /** Adds {@code e} to its kind; an id taken on the class path fails fast ({@code broken} null). */
    private static void add(Map<PluginKind, Map<String, Entry>> byKind, Entry e, List<BrokenPlugin> broken) {
        PluginInfo info = e.info;
        Entry prior = byKind.get(info.kind()).putIfAbsent(info.id(), e);
        if (prior == null) {
            return;
        }
        String both = prior.info.providerClass() + " (" + prior.info.source() + ") and " + info.providerClass()
                + " (" + info.source() + ")";
        if (broken == null) {
            throw new PluginException(info.id(), info.source(), "duplicate " + info.kind().id() + " id '" + info.id()
                    + "': " + both + "; remove one of the jars");
        }
        broken.add(new BrokenPlugin(Optional.of(info.kind()), Optional.of(info.id()), info.source(), "duplicate "
                + info.kind().id() + " id '" + info.id() + "': " + info.providerClass() + " clashes with "
                + prior.info.providerClass() + " (" + prior.info.source() + "); remove one of the plugins"));
    }

    private static void add(Map<PluginKind, Map<String, Entry>> byKind, Entry e, List<BrokenPlugin> broken,
            ClassLoader loader) {
        add(byKind, new Entry(e.provider, e.info, loader), broken);
    }

    /**
     * Instantiates one entry point, checks its API version once for the jar and reads its
     * declarations through {@link PluginRegistrar#providers}.
     */
    private static List<Entry> entries(ServiceLoader.Provider<AttentionPlugin> p, String source, ClassLoader loader) {
        String cls = p.type().getName();
        AttentionPlugin plugin;
        String apiVersion;
        List<PluginProvider<?>> providers;
        try {
            plugin = p.get();
            apiVersion = plugin.apiVersion();
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof ServiceConfigurationError && e.getCause() != null ? e.getCause() : e;
            throw new PluginException(null, source, "cannot create entry point " + cls + " from " + source + ": "
                    + cause, e);
        }
        String incompatible = ApiVersion.incompatibility(apiVersion);
        if (!incompatible.isEmpty()) {
            throw new PluginException(null, source, "the plugins of " + cls + " in " + source + " " + incompatible);
        }
        try {
            providers = PluginRegistrar.providers(plugin);
        } catch (PluginException e) {
            throw new PluginException(e.pluginId().orElse(null), source, e.getMessage() + " (in " + source + ")", e);
        } catch (RuntimeException | LinkageError e) {
            throw new PluginException(null, source, "entry point " + cls + " from " + source
                    + " failed while declaring its plugins: " + e + (e instanceof NoClassDefFoundError
                            ? "; a plugin that needs other jars is a folder holding its jar and theirs" : ""), e);
        }
        List<Entry> out = new ArrayList<>();
        for (PluginProvider<?> provider : providers) {
            LOG.debug("found {} '{}' ({}) in {}", provider.kind().id(), provider.id(), cls, source);
            out.add(new Entry(provider, new PluginInfo(provider.kind(), provider.id(), provider.description(),
                    provider.parameters(), cls, source, formats(provider), composes(provider)), loader));
        }
        return out;
    }

    /**
     * Instantiates one old-style provider and checks it: an id that is a stable lowercase word, the
     * kind it is listed as, and an API version this engine runs.
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
        Optional<String> badId = PluginId.problem(id);
        if (badId.isPresent()) {
            throw new PluginException(id, source, kind.id() + " provider " + p.type().getName() + " in " + source
                    + " " + badId.get());
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
                p.type().getName(), source, formats(provider), composes(provider)), null);
    }

    /** What a variant composes (alignment, distribution); nothing for other kinds. */
    private static Set<PluginKind> composes(PluginProvider<?> provider) {
        return provider instanceof VariantProvider v ? v.composes() : Set.of();
    }

    /**
     * A variant's import formats by id, for listings. A plugin failing to list them still loads: a config
     * naming one of its formats meets the failure where the format is looked up.
     */
    private static Map<String, String> formats(PluginProvider<?> provider) {
        Map<String, String> out = new LinkedHashMap<>();
        if (provider instanceof VariantProvider v) {
            try {
                for (TensorImport i : v.imports()) {
                    out.put(i.format(), i.description());
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("variant '{}' cannot list its import formats: {}", provider.id(), e.toString());
                return Map.of();
            }
        }
        return out;
    }

    /** Why {@code jar} cannot be opened as a jar (a zip archive), or empty when it can. */
    private static Optional<String> notAJar(Path jar) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(jar.getFileName() + " is not a jar (zip) file (" + e.getMessage()
                    + "); rebuild or download the plugin jar again, or remove it from the folder");
        }
    }

    /**
     * The jars a registry discovered over {@code pluginDir} would load, relative to it
     * ({@code a.jar}, {@code folder/b.jar}) and sorted; empty when it is not a readable folder. For
     * telling a user what code a folder holds before any of it is loaded.
     */
    public static List<String> jarsIn(Path pluginDir) {
        if (!Files.isDirectory(pluginDir)) {
            return List.of();
        }
        try {
            List<String> jars = new ArrayList<>();
            for (Unit u : units(pluginDir)) {
                u.jars().forEach(j -> jars.add(pluginDir.relativize(j).toString()));
            }
            return jars;
        } catch (PluginException e) {
            // Unreadable: loading the folder reports it with the folder's name.
            return List.of();
        }
    }

    /** The jars and folders of jars directly inside {@code pluginDir}, sorted by name. */
    private static List<Unit> units(Path pluginDir) {
        List<Unit> units = new ArrayList<>();
        for (Path p : list(pluginDir, pluginDir)) {
            String name = p.getFileName().toString();
            if (Files.isDirectory(p)) {
                List<Path> jars = list(p, pluginDir).stream()
                        .filter(j -> j.getFileName().toString().endsWith(JAR) && Files.isRegularFile(j)).toList();
                units.add(new Unit(name + "/", jars));
            } else if (name.endsWith(JAR)) {
                units.add(new Unit(name, List.of(p)));
            }
        }
        return units;
    }

    private static List<Path> list(Path dir, Path pluginDir) {
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir)) {
            found.forEach(paths::add);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new PluginException(null, pluginDir.toString(), "plugin folder " + pluginDir
                    + " does not exist; check the --plugins path", e);
        } catch (java.nio.file.NotDirectoryException e) {
            throw new PluginException(null, pluginDir.toString(), "plugin folder " + pluginDir
                    + " is not a folder; pass the folder that holds the plugin jars", e);
        } catch (IOException e) {
            throw new PluginException(null, dir.toString(), "cannot list plugin folder " + dir
                    + " (" + e.getClass().getSimpleName() + ")", e);
        }
        paths.sort(null);
        return paths;
    }

    /** Runs {@code body} with {@code loader} as the thread context class loader, restoring the caller's. */
    private static void withContextLoader(ClassLoader loader, Runnable body) {
        inContext(loader, () -> {
            body.run();
            return null;
        });
    }

    /**
     * {@code body}'s result with {@code loader} (when not null) as the thread context class loader,
     * the caller's restored after: the one place the engine switches it for a plugin's code.
     */
    public static <R> R inContext(ClassLoader loader, java.util.function.Supplier<R> body) {
        if (loader == null) {
            return body.get();
        }
        Thread t = Thread.currentThread();
        ClassLoader caller = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return body.get();
        } finally {
            t.setContextClassLoader(caller);
        }
    }

    /** Wraps ServiceLoader's error with the service files and the class it names. */
    private static PluginException configurationError(Class<?> service, String what, ClassLoader loader,
            ServiceConfigurationError e) {
        String file = "META-INF/services/" + service.getName();
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
                "cannot load " + what + " plugins" + where + ": " + msg, e);
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

    /** Plugins of the plugin folder that were left out, with the reason, in folder order. */
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
        return type.cast(lookup(kind, id).provider);
    }

    /** Metadata for {@code id}, with the same error as {@link #provider}. */
    public PluginInfo info(PluginKind kind, String id) {
        return lookup(kind, id).info;
    }

    /**
     * The class loader of the plugin folder unit {@code id} came from, to be the thread context class
     * loader while its code runs; empty for class-path plugins (the application's own loader).
     */
    public Optional<ClassLoader> contextLoader(PluginKind kind, String id) {
        return Optional.ofNullable(lookup(kind, id).loader);
    }

    /**
     * {@code body}'s result computed with plugin {@code id}'s loader as the thread context class
     * loader, the caller's restored after; class-path plugins run as they are. For the engine's calls
     * into a plugin outside the checked wrappers (a variant's stream form, its tensor imports).
     */
    public <R> R callAs(PluginKind kind, String id, java.util.function.Supplier<R> body) {
        return inContext(lookup(kind, id).loader, body);
    }

    private Entry lookup(PluginKind kind, String id) {
        Entry e = byKind.get(kind).get(id);
        if (e == null) {
            throw new PluginException(id, null, unknownMessage(kind, id));
        }
        return e;
    }

    /** "unknown alignment 'scaled-dott'; did you mean 'scaled-dot'? known: cosine, dot, scaled-dot". */
    public String unknownMessage(PluginKind kind, String id) {
        List<String> known = ids(kind);
        for (BrokenPlugin b : broken) {
            if (b.kind().filter(kind::equals).isPresent() && b.id().filter(id::equals).isPresent()) {
                return kind.id() + " '" + id + "' from " + b.source() + " is broken: " + b.reason();
            }
        }
        if (known.isEmpty()) {
            return "unknown " + kind.id() + " '" + id + "': no " + kind.id()
                    + " plugins are installed; add a module that provides them (e.g. attention-" + kind.id()
                    + "s) to the class path";
        }
        return UnknownName.message(kind.id(), id, known);
    }

    /**
     * Closes the class loaders of the plugin folder (their open jar files). The engine calls it when
     * it closes; plugins of the folder must not be used afterwards. Class-path plugins are unaffected.
     * Idempotent.
     */
    @Override
    public void close() {
        for (URLClassLoader loader : loaders) {
            try {
                loader.close();
            } catch (IOException e) {
                LOG.warn("cannot close the class loader of plugin {}: {}", loader.getName(), e.toString());
            }
        }
    }
}
