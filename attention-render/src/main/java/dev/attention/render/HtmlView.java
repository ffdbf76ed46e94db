package dev.attention.render;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.AttentionException;
import dev.attention.io.util.DurableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Writes an {@link AttentionView} as one self-contained HTML page that works offline: plain
 * JavaScript and CSS inlined from this module's resources, the data embedded as JSON with every
 * weight as the run printed it. The page draws the heatmaps (viridis, one scale for all panels) and
 * the "head view" on hover; it never recomputes a weight. A panel with more than {@code maxCells}
 * weights is embedded as a summary instead ({@link PanelSummary}), so a large run never freezes the tab.
 * Thread-safe.
 */
@API(status = MAINTAINED)
public final class HtmlView {
    /** Panels up to this many weights (e.g. 200 × 200) are embedded whole by default. */
    public static final int DEFAULT_MAX_CELLS = 40_000;

    private HtmlView() {
    }

    /** Whether {@code file} is named {@code .html} or {@code .htm} (any case). */
    public static boolean isHtml(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".html") || name.endsWith(".htm");
    }

    /** The page, with panels above {@code maxCells} weights summarised. */
    public static String html(AttentionView view, int maxCells) {
        if (maxCells < 1) {
            throw new AttentionException("the view's cell limit must be at least 1, not " + maxCells);
        }
        String template = resource("view.html");
        return template.replace("{{TITLE}}", escapeHtml(view.title()))
                .replace("/*{{CSS}}*/", resource("view.css"))
                .replace("/*{{JS}}*/", resource("view.js"))
                .replace("{{DATA}}", ViewJson.of(view, maxCells));
    }

    public static byte[] bytes(AttentionView view, int maxCells) {
        return html(view, maxCells).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes the page to {@code file} whole or not at all (a temporary file renamed into place,
     * forced to disk), creating missing folders.
     *
     * @throws AttentionException when the file cannot be written
     */
    public static Path write(AttentionView view, int maxCells, Path file) {
        byte[] page = bytes(view, maxCells);
        try {
            DurableFiles.replace(file, out -> out.write(page));
            return file;
        } catch (IOException e) {
            throw new AttentionException("cannot write view " + file + ": " + e.getMessage()
                    + " (nothing was written; check the folder and free space)", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlView.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from attention-render's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
