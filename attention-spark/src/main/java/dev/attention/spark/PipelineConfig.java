package dev.attention.spark;

import dev.attention.api.ConfigException;
import dev.attention.assembly.config.InputConfig;
import dev.attention.assembly.config.JobConfig;
import dev.attention.assembly.config.OutputConfig;
import dev.attention.core.JobFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The pipeline configuration a Spark job scores with: the same YAML or JSON the command line reads,
 * from a file or as text. It is read on the driver only, strictly, with the same errors (file, line,
 * column, key); executors receive the assembled choices, never the file.
 */
public final class PipelineConfig {
    private final Optional<Path> file;
    private final String text;
    private final Path baseDir;

    private PipelineConfig(Optional<Path> file, String text, Path baseDir) {
        this.file = file;
        this.text = text;
        this.baseDir = baseDir;
    }

    /** A config file ({@code .yaml}, {@code .yml} or {@code .json}); its paths are relative to its folder. */
    public static PipelineConfig file(Path file) {
        return new PipelineConfig(Optional.of(Objects.requireNonNull(file, "file")), null, null);
    }

    /** YAML text whose relative paths (data files, {@code parameters:}) resolve against {@code baseDir}. */
    public static PipelineConfig yaml(String text, Path baseDir) {
        return new PipelineConfig(Optional.empty(), Objects.requireNonNull(text, "text"),
                baseDir.toAbsolutePath());
    }

    /** YAML text whose relative paths resolve against the working directory. */
    public static PipelineConfig yaml(String text) {
        return yaml(text, Path.of(""));
    }

    /** Reads and structurally validates the config. */
    JobConfig read() {
        if (file.isPresent()) {
            return JobFiles.config(file.get());
        }
        // The loader reads files only; the text goes to a private temporary file and the paths it
        // resolved against that file's folder are moved to baseDir.
        Path dir = null;
        try {
            dir = Files.createTempDirectory("attention-spark-config");
            Path f = dir.resolve("config.yaml");
            Files.writeString(f, text, StandardCharsets.UTF_8);
            return rebase(JobFiles.config(f), dir, baseDir);
        } catch (ConfigException e) {
            // The temporary file means nothing to the caller; the text's own line and column do.
            throw e.at(shown(), e.line(), e.column(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the YAML text for reading", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static JobConfig rebase(JobConfig c, Path from, Path to) {
        Map<String, InputConfig> inputs = new LinkedHashMap<>();
        c.inputs().forEach((n, i) -> inputs.put(n, new InputConfig(i.name(), i.file().map(p -> move(p, from, to)),
                i.columns(), i.header(), i.group(), i.tensor(), i.inline(), i.position(), i.labels(),
                i.group().map(List::of).orElse(List.of()), i.image())));
        OutputConfig o = c.output();
        return new JobConfig(Optional.empty(), c.name(), c.seed(), c.dtype(), c.variant(), c.alignment(),
                c.distribution(), inputs, new OutputConfig(o.weights(), o.format(), o.dir().map(p -> move(p, from, to))),
                c.inputsAt(), c.parameters().map(s -> s.withFile(move(s.file(), from, to))),
                c.fit());
    }

    private static Path move(Path p, Path from, Path to) {
        return p.startsWith(from) ? to.resolve(from.relativize(p)).normalize() : p;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve("config.yaml"));
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // A left-over temporary file is harmless; the config was read.
        }
    }

    /** The config file, when the config was given as one. */
    Optional<Path> file() {
        return file;
    }

    /** For messages: the file, or {@code <yaml text>}. */
    String shown() {
        return file.map(Path::toString).orElse("<yaml text>");
    }

    @Override
    public String toString() {
        return "PipelineConfig[" + shown() + "]";
    }
}
