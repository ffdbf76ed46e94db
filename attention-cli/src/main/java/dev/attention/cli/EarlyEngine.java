package dev.attention.cli;

import dev.attention.core.Attention;
import dev.attention.core.AttentionEngine;
import dev.attention.core.EngineOptions;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The engine of a one-shot {@code run}, wired on a second thread while the main thread builds and
 * parses the command line (decision 66): on two cores the engine's Guice wiring and plugin discovery
 * overlap picocli's set-up instead of following it. Started only when the engine a {@code run}
 * would ask for is already known from the process: no {@code --plugins} on the line and no
 * {@code $ATTENTION_PLUGINS} (a config's {@code plugins:} key makes the command ask for other
 * options, and then this engine is simply not taken). Used by {@link Main#main} only; commands run
 * through {@link Main#run} wire their engine as before.
 */
final class EarlyEngine {
    private static final EngineOptions ONE_SHOT = EngineOptions.defaults().withOneShot(true);
    private static volatile FutureTask<AttentionEngine> pending;

    private EarlyEngine() {
    }

    /** Starts wiring the default one-shot engine when {@code args} are a {@code run} that will want it. */
    static void startFor(String[] args, Map<String, String> environment) {
        if (args.length == 0 || !args[0].equals("run") || environment.get(AttentionCommand.PLUGINS_ENV) != null
                || Arrays.asList(args).contains("--plugins")) {
            return;
        }
        FutureTask<AttentionEngine> task = new FutureTask<>(() -> Attention.engine(ONE_SHOT));
        Thread t = new Thread(task, "attention-engine");
        t.setDaemon(true);
        pending = task;
        t.start();
    }

    /**
     * The engine started early, if it was started and {@code options} are the ones it was started
     * with; at most once. A failure while wiring it is thrown here, as {@link Attention#engine}
     * would have thrown it.
     */
    static Optional<AttentionEngine> take(EngineOptions options) {
        FutureTask<AttentionEngine> task = pending;
        if (task == null || !options.equals(ONE_SHOT)) {
            return Optional.empty();
        }
        pending = null;
        try {
            return Optional.of(task.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the engine was wired", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
