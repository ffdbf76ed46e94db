package dev.attention.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.attention.api.spi.AttentionPlugin;
import dev.attention.api.spi.PluginRegistrar;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The kit finds a plugin through its jar's services file, like the engine: {@link Listed} is named in
 * this module's test {@code META-INF/services/dev.attention.api.spi.AttentionPlugin}, {@link Unlisted}
 * is not, so a contract naming an id of {@link Unlisted} fails before any check runs.
 */
class MissingServicesLineTest {

    public static final class Listed implements AttentionPlugin {
        @Override
        public String apiVersion() {
            return API_VERSION;
        }

        @Override
        public void register(PluginRegistrar plugins) {
            plugins.distribution("listed", "w = s (fixture)", c -> null);
        }
    }

    public static final class Unlisted implements AttentionPlugin {
        @Override
        public String apiVersion() {
            return API_VERSION;
        }

        @Override
        public void register(PluginRegistrar plugins) {
            plugins.distribution("unlisted", "w = s (fixture)", c -> null);
        }
    }

    static final class ListedContract extends DistributionContract {
        @Override
        protected String id() {
            return "listed";
        }
    }

    static final class UnlistedContract extends DistributionContract {
        @Override
        protected String id() {
            return "unlisted";
        }
    }

    static final class WrongKindContract extends AlignmentContract {
        @Override
        protected String id() {
            return "listed";
        }
    }

    @Test
    void a_listed_entry_point_is_found_by_id() {
        assertEquals("w = s (fixture)", new ListedContract().provider().description());
    }

    @Test
    void a_plugin_whose_entry_point_is_not_listed_fails_its_contract_naming_the_file_to_add() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> new UnlistedContract().provider());
        assertEquals("no distribution 'unlisted' found by ServiceLoader: list the jar's entry point (the class"
                + " implementing AttentionPlugin that declares 'unlisted') in"
                + " src/main/resources/META-INF/services/dev.attention.api.spi.AttentionPlugin;"
                + " did you mean 'listed'? known: listed", e.getMessage());
    }

    @Test
    void an_id_of_another_kind_is_not_found() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> new WrongKindContract().provider());
        assertEquals(true, e.getMessage().startsWith("no alignment 'listed' found by ServiceLoader"), e.getMessage());
    }
}
