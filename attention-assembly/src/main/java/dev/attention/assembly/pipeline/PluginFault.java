package dev.attention.assembly.pipeline;

import dev.attention.api.PluginException;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.spi.PluginKind;
import java.util.Arrays;

/**
 * The checks the engine puts around a plugin's calls: what came back has the shape the contract
 * promises and holds no NaN or infinity. A fault names the plugin and the jar it came from, so a
 * bad third-party plugin is not mistaken for an engine bug. Each check is one pass over a tensor
 * the plugin just spent at least as long computing. A plugin of the plugin folder also runs with its
 * own class loader as the thread context class loader ({@link #call}), so libraries it bundles that
 * look classes or resources up through it (ServiceLoader, JAXB, logging back ends) find its jars.
 *
 * @param loader the plugin folder loader, or null for class-path plugins (the context is left as is)
 */
record PluginFault(PluginKind kind, String id, String source, ClassLoader loader) {

    /** {@code body}'s result, computed with the plugin's loader as the thread's context class loader. */
    <R> R call(java.util.function.Supplier<R> body) {
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

    void shape(String what, Tensor t, int[] expected, String given) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw fault("returned " + what + " of shape " + ShapeException.format(t.shape()) + " for " + given
                    + "; expected " + ShapeException.format(expected) + "; this is a fault of the plugin, report it to"
                    + " its author");
        }
    }

    void finite(String what, Tensor t) {
        if (!t.isFinite()) {
            // Finite inputs can still overflow (huge values, float32), so the data is not ruled out.
            throw fault("returned " + what + " with NaN or infinity; check the inputs' scale, else report it to"
                    + " the plugin's author");
        }
    }

    private PluginException fault(String problem) {
        return new PluginException(id, source, kind.id() + " '" + id + "' (from " + source + ") " + problem);
    }

    /** {@code a}'s shape with the last axis replaced by {@code cols}. */
    static int[] withCols(int[] a, int cols) {
        int[] out = a.clone();
        out[out.length - 1] = cols;
        return out;
    }
}
