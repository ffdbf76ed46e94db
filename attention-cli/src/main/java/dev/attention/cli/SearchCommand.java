package dev.attention.cli;

import dev.attention.core.AttentionEngine;
import dev.attention.core.Job;
import dev.attention.train.search.SearchResult;
import java.io.PrintWriter;
import dev.attention.render.SavedOutputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code attention search CONFIG}: find the best attention pipeline for the config's targets. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Search CONFIG's search: space of variants, alignments, distributions and parameters, scoring"
                + " each by k-fold cross-validation on its fit: targets; print the leaderboard and write"
                + " leaderboard.csv, best.yaml and parameters.safetensors to a folder.")
final class SearchCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigFile config;

    @Mixin
    OutputDir out;

    @Option(names = "--threads", paramLabel = "N",
            description = "Trials at once (default: the config's search.threads, else one per processor).")
    int threads;

    @Mixin
    ViewOption view;

    @Override
    public Integer call() {
        if (threads < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--threads must be ≥ 1");
        }
        view.check(spec.commandLine());
        AttentionEngine engine = config.engine();
        Progress progress = Progress.onTerminal(spec.commandLine().getErr());
        Job job = progress.step("loading " + config.path(), () -> engine.load(config.path()));
        AtomicInteger done = new AtomicInteger();
        AtomicInteger total = new AtomicInteger();
        long start = System.nanoTime();
        SearchResult result = progress.step(() -> total.get() == 0 ? "searching" : "search: trial " + done.get()
                + "/" + total.get() + " done", () -> engine.search(job, (d, n, trial) -> {
                    total.set(n);
                    done.set(d);
                }, threads));
        double seconds = (System.nanoTime() - start) / 1e9;
        Path dir = out.given().orElse(Path.of("out", job.config().name() + "-search"));
        if (view.wanted() && view.inside(dir)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--view " + view.file + " is inside"
                    + " the output folder " + dir + ", whose files are one committed set; write the page beside it");
        }
        List<Path> files = new ArrayList<>(engine.writeSearch(job, result, dir));
        if (view.wanted()) {
            // The page shows the leaderboard as written, so its numbers are the file's.
            files.add(view.write(SavedOutputs.read(dir, job.config().name() + " — search").note(result.trials().size() + " trials; sort the table by a"
                    + " column, plot the score against a searched parameter").build()));
        }
        PrintWriter w = spec.commandLine().getOut();
        w.print(LeaderboardTable.render(job.config().name(), result));
        w.println(String.format(Locale.ROOT, "%d trial(s) in %.1f s", result.trials().size(), seconds));
        for (Path f : files) {
            w.println("wrote " + f);
        }
        w.flush();
        return 0;
    }
}
