package dev.attention.kernel.archfixture;

import dev.attention.core.Attention;

/** A kernel class that breaks the layers on purpose: it reaches up to the facade. Test fixture only. */
public final class ReachesUp {
    private ReachesUp() {
    }

    static Object engine() {
        return Attention.engine();
    }
}
