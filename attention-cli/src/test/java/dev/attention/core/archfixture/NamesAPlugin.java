package dev.attention.core.archfixture;

import dev.attention.alignments.AlignmentsPlugin;

/** A core class that breaks the rules on purpose: it names a concrete plugin. Test fixture only. */
public final class NamesAPlugin {
    private NamesAPlugin() {
    }

    static Object provider() {
        return new AlignmentsPlugin();
    }
}
