package dev.attention.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.PluginException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade keeps Guice out of sight, including in its errors. */
class AttentionTest {
    @TempDir
    Path dir;

    @Test
    void a_missing_plugin_folder_is_our_exception_not_a_guice_report() {
        Path missing = dir.resolve("no-such-folder");
        PluginException e = assertThrows(PluginException.class,
                () -> Attention.engine(EngineOptions.defaults().withPluginDir(missing)));
        assertTrue(e.getMessage().contains("no-such-folder"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
