package dev.attention.alignments.archfixture;

import dev.attention.core.Attention;

/** A plugin class that breaks the rules on purpose: it reaches into core. Test fixture only. */
public final class ImportsCore {
    private ImportsCore() {
    }

    static Object engine() {
        return Attention.engine();
    }
}
