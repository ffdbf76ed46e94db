package dev.attention.cli;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A one-line progress indicator on stderr for steps that take a while: "⋯ running … 3.5 s",
 * redrawn in place and erased when the step ends. Only on a terminal: pipes, files and tests get
 * nothing, so stderr keeps its one-line-per-error contract there. Steps under half a second never
 * show. The pipeline runs as one call without progress callbacks, so steps are the phases of a
 * command (load, run, write, draw), not batch elements.
 */
final class Progress {
    private static final long DELAY_MS = 500;
    private static final long TICK_MS = 250;

    private final PrintWriter err;
    private final boolean enabled;

    Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** Enabled when the JVM has a console, i.e. it runs attached to a terminal. */
    static Progress onTerminal(PrintWriter err) {
        return new Progress(err, System.console() != null);
    }

    <T> T step(String what, Supplier<T> work) {
        return step(() -> what, work);
    }

    /** A step whose label changes as it goes, e.g. a count of finished trials; read at every redraw. */
    <T> T step(Supplier<String> what, Supplier<T> work) {
        if (!enabled) {
            return work.get();
        }
        long start = System.nanoTime();
        int[] width = {0};
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "attention-progress");
            t.setDaemon(true);
            return t;
        });
        ScheduledFuture<?> ticks = ticker.scheduleAtFixedRate(() -> {
            String line = String.format(java.util.Locale.ROOT, "⋯ %s … %.1f s", what.get(), (System.nanoTime() - start) / 1e9);
            synchronized (err) {
                // Pad over a longer earlier label, so a shrinking label leaves no tail behind.
                err.print("\r" + line + " ".repeat(Math.max(0, width[0] - line.length())));
                err.flush();
                width[0] = Math.max(width[0], line.length());
            }
        }, DELAY_MS, TICK_MS, TimeUnit.MILLISECONDS);
        try {
            return work.get();
        } finally {
            ticks.cancel(false);
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (err) {
                if (width[0] > 0) {
                    err.print("\r" + " ".repeat(width[0]) + "\r");
                    err.flush();
                }
            }
        }
    }
}
