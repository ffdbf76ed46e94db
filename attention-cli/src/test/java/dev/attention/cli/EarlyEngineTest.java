package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.core.AttentionEngine;
import dev.attention.core.EngineOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The early engine is taken only by a {@code run} that asks for the default one-shot engine, and only once. */
class EarlyEngineTest {
    private static final EngineOptions ONE_SHOT = EngineOptions.defaults().withOneShot(true);

    @Test
    void a_plain_run_takes_the_engine_started_early_once() throws Exception {
        EarlyEngine.startFor(new String[] {"run", "config.yaml"}, Map.of());
        Optional<AttentionEngine> early = EarlyEngine.take(ONE_SHOT);
        assertTrue(early.isPresent(), "taken");
        try (AttentionEngine engine = early.get()) {
            assertFalse(engine.plugins().isEmpty(), "the engine found the plugins");
        }
        assertFalse(EarlyEngine.take(ONE_SHOT).isPresent(), "only once");
    }

    @Test
    void other_options_or_command_lines_do_not_take_it() {
        EarlyEngine.startFor(new String[] {"run", "config.yaml"}, Map.of());
        assertFalse(EarlyEngine.take(EngineOptions.defaults()).isPresent(), "not one-shot");
        assertFalse(EarlyEngine.take(ONE_SHOT.withPluginDir(Path.of("plugins"))).isPresent(), "a plugin folder");
        EarlyEngine.take(ONE_SHOT);
        for (String[] args : new String[][] {{"fit", "c.yaml"}, {"run", "c.yaml", "--plugins", "p"}, {"-v", "run", "c.yaml"}, {}}) {
            EarlyEngine.startFor(args, Map.of());
            assertFalse(EarlyEngine.take(ONE_SHOT).isPresent(), String.join(" ", args));
        }
        EarlyEngine.startFor(new String[] {"run", "c.yaml"}, Map.of(AttentionCommand.PLUGINS_ENV, "/plugins"));
        assertFalse(EarlyEngine.take(ONE_SHOT).isPresent(), "$ATTENTION_PLUGINS");
    }
}
