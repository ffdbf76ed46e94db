package dev.attention.cli;

import dev.attention.render.AttentionView;
import dev.attention.render.HtmlView;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --view FILE.html} and {@code --view-max-cells N}: the interactive page of run, fit, search and stream. */
final class ViewOption {
    @Option(names = "--view", paramLabel = "FILE",
            description = "Also write an interactive page, FILE.html: one self-contained file that opens offline in a"
                    + " browser (heatmaps with hover, heads, the pipeline; a fit's loss curves, a search's leaderboard).")
    Path file;

    @Option(names = "--view-max-cells", paramLabel = "N",
            description = "Panels with more weights than N are summarised on the page (top keys per query, row"
                    + " entropy, a downsampled heatmap); default: " + HtmlView.DEFAULT_MAX_CELLS + ".")
    int maxCells = HtmlView.DEFAULT_MAX_CELLS;

    boolean wanted() {
        return file != null;
    }

    /** Usage errors before any work is done: a name other than .html, a limit below 1. */
    void check(CommandLine cmd) {
        if (file != null && !HtmlView.isHtml(file)) {
            throw new CommandLine.ParameterException(cmd, "--view " + file + ": name the page .html");
        }
        if (maxCells < 1) {
            throw new CommandLine.ParameterException(cmd, "--view-max-cells " + maxCells + ": give at least 1");
        }
    }

    /** Whether the page goes into {@code dir} (the output folder), to be committed with its set. */
    boolean inside(Path dir) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent != null && parent.equals(dir.toAbsolutePath().normalize());
    }

    byte[] bytes(AttentionView view) {
        return HtmlView.bytes(view, maxCells);
    }

    /** Writes the page on its own, whole or not at all. */
    Path write(AttentionView view) {
        return HtmlView.write(view, maxCells, file);
    }
}
