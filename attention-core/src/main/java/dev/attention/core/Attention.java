package dev.attention.core;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.ProvisionException;
import dev.attention.api.AttentionException;

/**
 * Entry point for embedders: {@code Attention.engine()} discovers the plugins on the class path and
 * returns an {@link AttentionEngine}. The engine's wiring (Guice) stays behind this facade.
 */
public final class Attention {
    private Attention() {
    }

    /** An engine over the plugins on this class path. */
    public static AttentionEngine engine() {
        return engine(EngineOptions.defaults());
    }

    /** An engine set up with {@code options}. */
    public static AttentionEngine engine(EngineOptions options) {
        try {
            return Guice.createInjector(new EngineModule(options)).getInstance(AttentionEngine.class);
        } catch (ProvisionException | CreationException e) {
            // Guice wraps what the providers throw (e.g. an unreadable plugin folder) in a
            // multi-line report; callers get our own exception, with its one-line message.
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof AttentionException) {
                    throw (AttentionException) c;
                }
            }
            throw e;
        }
    }
}
