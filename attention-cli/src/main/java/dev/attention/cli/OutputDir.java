package dev.attention.cli;

import dev.attention.core.Job;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code -o/--out} option of the commands that write (or, for {@code explain}, name) files.
 * Mixed in with {@code @Mixin}, so the option and its default are declared once.
 */
final class OutputDir {
    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Output folder (default: the config's output.dir, else out/<name>; for search,"
                    + " out/<name>-search).")
    Path dir;

    /** {@code --out} when given. */
    Optional<Path> given() {
        return Optional.ofNullable(dir);
    }

    /** {@code --out}, else the config's {@code output.dir}, else {@code out/<name>}: where run and fit write. */
    Path orConfigured(Job job) {
        return given().orElseGet(() -> job.config().output().dir().orElse(Path.of("out", job.config().name())));
    }
}
