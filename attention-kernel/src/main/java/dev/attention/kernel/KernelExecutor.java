package dev.attention.kernel;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.AttentionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * Runs independent tasks on a fixed number of threads, owned by one engine. Each worker creates
 * its scratch once and pulls task ids from a shared counter, so scratch is per thread and load
 * balances itself (causal rows near the end cost more). Which worker runs a task never changes
 * what the task computes, so results do not depend on the thread count. Thread-safe.
 */
@API(status = MAINTAINED)
public final class KernelExecutor {
    /** True on a thread while it runs tasks of some executor. */
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);
    private final int threads;
    private volatile ForkJoinPool pool;

    /** @param threads worker threads including the caller's, ≥ 1; 1 runs everything in the caller's thread */
    public KernelExecutor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
        this.threads = threads;
    }

    /** One worker per available processor. */
    public static KernelExecutor defaultThreads() {
        return new KernelExecutor(Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return threads;
    }

    /** The body of one worker: runs task ids with the worker's own scratch. */
    @FunctionalInterface
    public interface Worker {
        void run(int task);
    }

    /**
     * Runs tasks {@code 0 … tasks−1}, each exactly once, on up to {@link #threads()} workers, and
     * returns when all are done. {@code workers} is called once per worker thread.
     */
    public void run(int tasks, Supplier<Worker> workers) {
        int n = Math.min(threads, tasks);
        // A task that itself runs tasks (a block of query rows whose variant calls the kernel) runs
        // them in its own thread: the workers are busy with the outer tasks, and waiting on the
        // pool from inside it could starve. Results do not depend on threads, so this is free.
        if (n <= 1 || INSIDE.get()) {
            Worker w = workers.get();
            for (int t = 0; t < tasks; t++) {
                w.run(t);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable body = () -> {
            boolean outer = !INSIDE.get();
            INSIDE.set(true);
            try {
                Worker w = workers.get();
                for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                    w.run(t);
                }
            } finally {
                if (outer) {
                    INSIDE.remove();
                }
            }
        };
        // The caller is one of the n workers: one thread fewer to wake, which on a busy machine
        // can cost a scheduler time slice per call.
        List<ForkJoinTask<?>> running = new ArrayList<>(n - 1);
        for (int k = 0; k < n - 1; k++) {
            running.add(pool().submit(body));
        }
        RuntimeException failed = null;
        try {
            body.run();
        } catch (RuntimeException e) {
            failed = e;
        }
        for (ForkJoinTask<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AttentionException("interrupted while attention ran", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (failed != null) {
                    continue;
                }
                if (c instanceof RuntimeException) {
                    throw (RuntimeException) c;
                }
                if (c instanceof Error) {
                    throw (Error) c;
                }
                throw new AttentionException("attention task failed: " + c, c);
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Created on first parallel use; daemon threads, so an engine never keeps a JVM alive. */
    private ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (this) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(threads - 1, fj -> {
                        var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(fj);
                        t.setName("attention-kernel-" + t.getPoolIndex());
                        t.setDaemon(true);
                        return t;
                    }, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    @Override
    public String toString() {
        return "KernelExecutor(" + threads + " threads)";
    }
}
