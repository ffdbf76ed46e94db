package dev.attention.cli;

import dev.attention.api.AttentionResult;
import dev.attention.api.Tensor;
import dev.attention.core.AttentionEngine;
import dev.attention.core.Job;
import dev.attention.core.JobRun;
import dev.attention.io.table.OutputFormats;
import dev.attention.render.AttentionView;
import dev.attention.render.Heatmap;
import dev.attention.render.HeatmapFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code attention run CONFIG}: assemble, run, write the outputs. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline of CONFIG and write its outputs (and weights) to a folder.")
final class RunCommand implements Callable<Integer> {
    private static final int PREVIEW_ROWS = 10;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigFile config;

    @Mixin
    OutputDir out;

    /** An output format id of the registry, checked as it is parsed; null: the config's. */
    String format;

    @Option(names = "--format", paramLabel = "FORMAT", completionCandidates = OutputFormatIds.class,
            description = "${COMPLETION-CANDIDATES} (default: the config's output.format, else csv).")
    void format(String id) {
        if (!OutputFormats.builtIn().has(id)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--format " + id + ": unknown format; " + OutputFormats.builtIn().fix(id));
        }
        format = id;
    }

    @Option(names = "--heatmap", paramLabel = "FILE",
            description = "Also draw the weights as a heatmap, FILE.png or FILE.svg (queries × keys, a panel per batch element).")
    Path heatmap;

    @Mixin
    ViewOption view;

    @Override
    public Integer call() {
        if (heatmap != null && HeatmapFiles.formatOf(heatmap).isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--heatmap " + heatmap + ": name the picture .png or .svg");
        }
        view.check(spec.commandLine());
        AttentionEngine engine = config.oneShotEngine();
        Progress progress = Progress.onTerminal(spec.commandLine().getErr());
        PrintWriter w = spec.commandLine().getOut();
        if (heatmap != null || view.wanted()) {
            // The picture and the page need every weight in memory: run whole, then write.
            Job job = progress.step("loading " + config.path(), () -> engine.load(config.path()));
            AttentionResult result = progress.step("running " + job.pipeline().describe(), () -> engine.run(job));
            OutputTarget target = target(job);
            // Built before anything is written: a result without weights fails without leaving half the files.
            Heatmap picture = heatmap == null ? null : engine.heatmap(job, result);
            AttentionView page = view.wanted() ? ViewPages.run(engine, job, result, target).build() : null;
            // Files in the output folder join its set, so they and the weights they show are replaced together.
            Map<String, byte[]> inSet = new LinkedHashMap<>();
            if (picture != null && inside(heatmap, target.dir())) {
                inSet.put(heatmap.getFileName().toString(), HeatmapFiles.bytes(picture, heatmap));
            }
            if (page != null && view.inside(target.dir())) {
                inSet.put(view.file.getFileName().toString(), view.bytes(page));
            }
            List<Path> files = new ArrayList<>(progress.step("writing " + target.dir(), () -> inSet.isEmpty()
                    ? engine.write(job, result, target.dir(), target.format())
                    : engine.write(job, result, target.dir(), target.format(), inSet)));
            if (picture != null && !inside(heatmap, target.dir())) {
                files.add(progress.step("drawing " + heatmap, () -> HeatmapFiles.write(picture, heatmap)));
            }
            if (page != null && !view.inside(target.dir())) {
                files.add(progress.step("writing " + view.file, () -> view.write(page)));
            }
            report(w, job, result.output(), rows(result.output()), files);
            return 0;
        }
        // Without a picture nothing needs the whole result at once: the engine streams what it can
        // (weights of the fused kernel, queries of a global pipeline read in chunks).
        Job job = progress.step("loading " + config.path(), () -> engine.loadStreaming(config.path()));
        OutputTarget target = target(job);
        JobRun run = progress.step("running " + job.pipeline().describe() + " into " + target.dir(),
                () -> engine.runAndWrite(job, target.dir(), target.format()));
        report(w, job, run.result().output(), run.rows(), run.files());
        return 0;
    }

    private static boolean inside(Path file, Path dir) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent != null && parent.equals(dir.toAbsolutePath().normalize());
    }

    private OutputTarget target(Job job) {
        return OutputTarget.of(job, out, format);
    }

    private static long rows(Tensor t) {
        return (long) t.batchSize() * t.rows();
    }

    private static void report(PrintWriter w, Job job, Tensor output, long rows, List<Path> files) {
        w.println(job.config().name() + " (" + job.pipeline().describe() + ", " + job.pipeline().dtype().id() + ")");
        preview(w, output, job.columns().get("values"), rows);
        for (Path f : files) {
            w.println("wrote " + f);
        }
        w.flush();
    }

    /** The first rows of the output, so a run shows its answer without opening a file. */
    private static void preview(PrintWriter w, Tensor t, List<String> names, long total) {
        int shown = 0;
        for (int b = 0; b < t.batchSize() && shown < PREVIEW_ROWS; b++) {
            for (int i = 0; i < t.rows() && shown < PREVIEW_ROWS; i++, shown++) {
                StringBuilder sb = new StringBuilder(t.rank() > 2 ? "  [" + b + ", " + i + "]" : "  [" + i + "]");
                for (int j = 0; j < t.cols(); j++) {
                    String label = names != null && names.size() == t.cols() ? names.get(j) : "c" + j;
                    // %.6g's text, without a cold java.util.Formatter's cost.
                    sb.append(' ').append(label).append('=').append(GeneralFormat.format(t.get(b, i, j), 6));
                }
                w.println(sb);
            }
        }
        if (total > shown) {
            w.println("  … " + (total - shown) + " more rows");
        }
    }
}
