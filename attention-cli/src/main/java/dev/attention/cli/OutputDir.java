package dev.attention.cli;

import dev.attention.api.AttentionException;
import dev.attention.core.Job;
import java.nio.file.Files;
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
        return Optional.ofNullable(dir).map(d -> folder(d, "--out"));
    }

    /**
     * {@code --out}, else the config's {@code output.dir}, else {@code out/<name>}: where run and fit write.
     *
     * @throws AttentionException when the folder, or a folder above it, is an existing file
     */
    Path orConfigured(Job job) {
        if (dir != null) {
            return folder(dir, "--out");
        }
        return job.config().output().dir().map(d -> folder(d, "output.dir"))
                .orElseGet(() -> folder(Path.of("out", job.config().name()), "the default output folder"));
    }

    /**
     * {@code path} when it is, or can become, a folder. An existing file there (or above it) would
     * otherwise fail deep in the writer with a message about a temporary file.
     */
    static Path folder(Path path, String from) {
        for (Path p = path.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) {
                return path;
            }
            if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.exists(p)) {
                String where = p.equals(path.toAbsolutePath().normalize()) ? "" : " (above " + path + ")";
                throw new AttentionException(from + " " + path + ": " + p + " is an existing file" + where
                        + ", not a folder; name a folder (it is created when missing) or move the file away");
            }
        }
        return path;
    }
}
