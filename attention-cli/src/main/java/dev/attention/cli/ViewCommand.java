package dev.attention.cli;

import dev.attention.api.AttentionException;
import dev.attention.core.AttentionEngine;
import dev.attention.core.OutputCheck;
import dev.attention.render.HtmlView;
import dev.attention.render.SavedOutputs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code attention view RESULT_DIR}: the interactive page of a run's, fit's or search's saved outputs. */
@Command(name = "view", mixinStandardHelpOptions = true,
        description = "Make the interactive page (one self-contained .html that opens offline) from the output folder"
                + " of run (weights.csv), fit (training.json) or search (leaderboard.csv).")
final class ViewCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULT_DIR", description = "An output folder of run, fit or search.")
    Path dir;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "The page to write (default: RESULT_DIR.html beside the folder).")
    Path file;

    @Option(names = "--view-max-cells", paramLabel = "N",
            description = "Panels with more weights than N are summarised (top keys per query, row entropy, a"
                    + " downsampled heatmap); default: " + HtmlView.DEFAULT_MAX_CELLS + ".")
    int maxCells = HtmlView.DEFAULT_MAX_CELLS;

    @Override
    public Integer call() {
        Path target = file != null ? file : dir.resolveSibling(dir.getFileName() + ".html");
        if (!HtmlView.isHtml(target)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out " + target + ": name the page .html");
        }
        if (maxCells < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--view-max-cells " + maxCells + ": give at least 1");
        }
        Path parent = target.toAbsolutePath().normalize().getParent();
        if (parent != null && parent.equals(dir.toAbsolutePath().normalize())) {
            throw new AttentionException("--out " + target + " is inside " + dir + ", whose files are one committed"
                    + " set; write the page beside it (the default) or use --view on run");
        }
        try (AttentionEngine engine = dev.attention.core.Attention.engine()) {
            OutputCheck check = engine.checkOutput(dir);
            if (check.exists() && !check.whole()) {
                throw new AttentionException(dir + ": " + check.message()
                        + "; run again to write a whole set before viewing it");
            }
        }
        Path written = HtmlView.write(SavedOutputs.read(dir).build(), maxCells, target);
        spec.commandLine().getOut().println("wrote " + written);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
