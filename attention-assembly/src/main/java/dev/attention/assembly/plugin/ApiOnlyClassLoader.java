package dev.attention.assembly.plugin;

/**
 * The parent of the class loader of every plugin jar and every plugin folder of jars: it delegates
 * {@code dev.attention.api..} to the engine's API and everything else to the JDK (the platform
 * loader), so a plugin sees neither core,
 * nor our dependencies (Jackson, Guice, slf4j), nor another plugin. A plugin's own dependencies
 * therefore never clash with ours. Resources come from the JDK only, so a plugin loader's
 * {@code ServiceLoader} finds the services of its own jar and not those of the class path.
 */
final class ApiOnlyClassLoader extends ClassLoader {
    private static final String API = "dev.attention.api.";
    private final ClassLoader api;

    ApiOnlyClassLoader(ClassLoader api) {
        super("attention-api-only", ClassLoader.getPlatformClassLoader());
        this.api = api;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(API)) {
            return api.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }
}
