package dev.attention.cli;

import dev.attention.core.Job;
import java.nio.file.Path;

/**
 * Where and how a run writes: {@code --out} and {@code --format} win over the config's
 * {@code output:} section, whose folder defaults to {@code out/<name>}. Shared by {@code run} and
 * {@code explain}, so explain names the files run will write.
 */
record OutputTarget(Path dir, String format) {
    static OutputTarget of(Job job, Path out, String format) {
        Path dir = out != null ? out : job.config().output().dir().orElse(Path.of("out", job.config().name()));
        return new OutputTarget(dir, format != null ? format : job.config().output().format());
    }
}
