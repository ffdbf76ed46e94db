package dev.attention.io.table;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.apiguardian.api.API;

/**
 * The file-system steps of a {@link Generations} commit, observable one by one so a test can stop
 * the commit after any of them, as a crash would. Production code never sets a hook.
 */
public final class CommitSteps {
    /** Called after every file-system operation of a commit, with a short name of the operation. */
    @FunctionalInterface
    @API(status = MAINTAINED)
    public interface Hook {
        void after(String step) throws IOException;
    }

    /**
     * Thrown by a test's hook to stand for the process dying at that instant: the commit does none
     * of the cleanup it does for an ordinary failure, so the folder is left as a kill would leave it.
     */
    public static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        public Crash(String step) {
            super("simulated crash after " + step, null, false, false);
        }
    }

    /** Per thread, so tests running in parallel do not see each other's hooks. */
    private static final ThreadLocal<Hook> HOOK = new ThreadLocal<>();

    private CommitSteps() {
    }

    /** Runs {@code body} with {@code hook} told of every commit step this thread makes. */
    public static <T> T during(Hook hook, Callable<T> body) throws Exception {
        Hook before = HOOK.get();
        HOOK.set(hook);
        try {
            return body.call();
        } finally {
            HOOK.set(before);
        }
    }

    static void step(String what) throws IOException {
        Hook hook = HOOK.get();
        if (hook != null) {
            hook.after(what);
        }
    }
}
