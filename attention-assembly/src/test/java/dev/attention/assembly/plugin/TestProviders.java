package dev.attention.assembly.plugin;

import dev.attention.api.Alignment;
import dev.attention.api.spi.AlignmentProvider;
import dev.attention.api.spi.PluginContext;

/** Deliberately broken providers, listed in service files that the registry tests write. */
final class TestProviders {
    private TestProviders() {
    }

    abstract static class Base implements AlignmentProvider {
        @Override
        public String apiVersion() {
            return API_VERSION;
        }

        @Override
        public String description() {
            return "test fixture";
        }

        @Override
        public Alignment create(PluginContext context) {
            throw new UnsupportedOperationException("fixture");
        }
    }

    public static final class DuplicateOne extends Base {
        @Override
        public String id() {
            return "twin";
        }
    }

    public static final class DuplicateTwo extends Base {
        @Override
        public String id() {
            return "twin";
        }
    }

    public static final class Blank extends Base {
        @Override
        public String id() {
            return " ";
        }
    }

    public static final class ClassNamed extends Base {
        @Override
        public String id() {
            return "ClassNamed";
        }
    }

    public static final class Throwing extends Base {
        public Throwing() {
            throw new IllegalStateException("cannot start");
        }

        @Override
        public String id() {
            return "throwing";
        }
    }

    public static final class Fine extends Base {
        @Override
        public String id() {
            return "fine-one";
        }
    }

    /** Built for an API major this engine does not speak. */
    public static final class FutureApi extends Base {
        @Override
        public String apiVersion() {
            return "99.0";
        }

        @Override
        public String id() {
            return "from-the-future";
        }
    }

    /** Says in its description whether core is visible to it: loaded from a plugin jar, it must not be. */
    public static final class Peeking extends Base {
        @Override
        public String id() {
            return "peeking";
        }

        @Override
        public String description() {
            try {
                Class.forName("dev.attention.assembly.plugin.PluginRegistry", false, getClass().getClassLoader());
                return "sees core";
            } catch (ClassNotFoundException e) {
                return "sees only the API";
            }
        }
    }
}
