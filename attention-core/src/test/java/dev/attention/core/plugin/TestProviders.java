package dev.attention.core.plugin;

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
}
