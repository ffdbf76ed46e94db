package dev.attention.assembly.plugin;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.Tensor;
import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.PluginRegistrar;

/** Entry points for the registry tests, listed in services files the tests write; some deliberately broken. */
final class TestPlugins {
    private TestPlugins() {
    }

    abstract static class Base implements AttentionPlugin {
        @Override
        public String apiVersion() {
            return API_VERSION;
        }
    }

    /** Two kinds from one entry point. */
    public static final class Pair extends Base {
        @Override
        public void register(PluginRegistrar plugins) {
            plugins.alignment("pair-alignment", "fixture alignment", c -> {
                throw new UnsupportedOperationException("fixture");
            });
            plugins.distribution("pair-distribution", "fixture distribution", c -> {
                throw new UnsupportedOperationException("fixture");
            });
        }
    }

    /** Declares 'twin', the id of the old-style providers {@code TestProviders.DuplicateOne} and Two. */
    public static final class Twin extends Base {
        @Override
        public void register(PluginRegistrar plugins) {
            plugins.alignment("twin", "the entry-point twin", c -> {
                throw new UnsupportedOperationException("fixture");
            });
        }
    }

    public static final class FutureApi implements AttentionPlugin {
        @Override
        public String apiVersion() {
            return "99.0";
        }

        @Override
        public void register(PluginRegistrar plugins) {
            plugins.alignment("future-one", "fixture", c -> null);
        }
    }

    public static final class Throwing extends Base {
        @Override
        public void register(PluginRegistrar plugins) {
            throw new IllegalStateException("cannot declare");
        }
    }

    /** Needs {@link LibOfTestPlugins}, which a plugin folder ships in a jar beside this one. */
    public static final class NeedsLib extends Base {
        @Override
        public void register(PluginRegistrar plugins) {
            plugins.alignment("needs-lib", LibOfTestPlugins.describe(), c -> null);
        }
    }

    /**
     * Refuses to declare, to be created or to score unless the thread context class loader is its
     * own: the loader of its plugin folder unit.
     */
    public static final class ContextProbe extends Base {
        @Override
        public void register(PluginRegistrar plugins) {
            requireOwnContextLoader("register");
            plugins.alignment("context-probe", "scores 0 while the context class loader is the plugin's", c -> {
                requireOwnContextLoader("create");
                return new ProbeAlignment();
            });
        }
    }

    static void requireOwnContextLoader(String when) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != TestPlugins.class.getClassLoader()) {
            throw new IllegalStateException("context class loader during " + when + " is " + context);
        }
    }

    static final class ProbeAlignment implements Alignment {
        @Override
        public Tensor scores(Tensor queries, Tensor keys) {
            requireOwnContextLoader("scores");
            return Tensor.zeros(queries.dtype(), queries.rows(), keys.rows());
        }

        @Override
        public AlignmentGradients backward(Tensor queries, Tensor keys, Tensor scoreGradient) {
            throw new UnsupportedOperationException("fixture");
        }
    }
}
