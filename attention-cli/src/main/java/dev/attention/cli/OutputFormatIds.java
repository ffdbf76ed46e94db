package dev.attention.cli;

import dev.attention.io.table.OutputFormats;
import java.util.Iterator;

/** The output format ids, for {@code --format}'s help and shell completion: the registry's, never a copy. */
final class OutputFormatIds implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return OutputFormats.builtIn().ids().iterator();
    }
}
