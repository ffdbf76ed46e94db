package dev.attention.core;

import dev.attention.api.AttentionResult;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link AttentionEngine#runAndWrite} did.
 *
 * @param result the result; its weights are absent when they were streamed to the files, and when the
 *               queries were read in chunks it is the first chunk's result only
 * @param files  the files written
 * @param rows   output rows written (over every batch element)
 */
public record JobRun(AttentionResult result, List<Path> files, long rows) {
    public JobRun {
        files = List.copyOf(files);
    }

    /** A run whose result is whole. */
    public JobRun(AttentionResult result, List<Path> files) {
        this(result, files, (long) result.output().batchSize() * result.output().rows());
    }
}
