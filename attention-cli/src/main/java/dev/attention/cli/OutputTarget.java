package dev.attention.cli;

import dev.attention.core.Job;
import java.nio.file.Path;

/**
 * Where and how a run writes: {@code --out} and {@code --format} win over the config's
 * {@code output:} section, whose folder defaults to {@code out/<name>}. Shared by {@code run} and
 * {@code explain}, so explain names the files run will write.
 */
record OutputTarget(Path dir, String format) {
    static OutputTarget of(Job job, OutputDir out, String format) {
        return new OutputTarget(out.orConfigured(job), format != null ? format : job.config().output().format());
    }
}
