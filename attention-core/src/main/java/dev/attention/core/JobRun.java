package dev.attention.core;

import dev.attention.api.AttentionResult;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link AttentionEngine#runAndWrite} did.
 *
 * @param result the result; its weights are absent when they were streamed to the files
 * @param files  the files written
 */
public record JobRun(AttentionResult result, List<Path> files) {
    public JobRun {
        files = List.copyOf(files);
    }
}
