package dev.attention.render;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.AttentionException;
import dev.attention.io.util.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Renders a {@link Heatmap} as PNG (Java2D and ImageIO) or SVG (text), and writes it whole or not
 * at all. Thread-safe: every call draws on its own canvas.
 */
@API(status = MAINTAINED)
public final class HeatmapFiles {
    /** The picture formats, chosen by file extension. */
    public enum Format { PNG, SVG }

    private HeatmapFiles() {
    }

    /** The format a file name asks for ({@code .png} or {@code .svg}, any case), if either. */
    public static Optional<Format> formatOf(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") ? Optional.of(Format.PNG)
                : name.endsWith(".svg") ? Optional.of(Format.SVG) : Optional.empty();
    }

    public static byte[] png(Heatmap heatmap) {
        HeatmapLayout layout = new HeatmapLayout(heatmap);
        PngCanvas canvas = new PngCanvas(layout.width, layout.height);
        HeatmapPainter.paint(heatmap, layout, canvas);
        return canvas.png();
    }

    public static String svg(Heatmap heatmap) {
        HeatmapLayout layout = new HeatmapLayout(heatmap);
        SvgCanvas canvas = new SvgCanvas(layout.width, layout.height);
        HeatmapPainter.paint(heatmap, layout, canvas);
        return canvas.svg();
    }

    /**
     * The picture as the bytes of the file {@code file} names ({@code .png} or {@code .svg}), for a
     * writer that commits it together with other files.
     *
     * @throws AttentionException for an extension other than .png/.svg
     */
    public static byte[] bytes(Heatmap heatmap, Path file) {
        Format format = formatOf(file).orElseThrow(() -> new AttentionException(
                "cannot tell the picture format of '" + file + "'; name it .png or .svg"));
        return format == Format.PNG ? png(heatmap) : svg(heatmap).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code heatmap} to {@code file} in the format its extension names, creating missing
     * folders. The picture goes to a temporary file next to the target first and is renamed into
     * place when complete, so a reader never sees half a picture and a failure leaves the old one.
     *
     * @throws AttentionException for an extension other than .png/.svg or a file that cannot be written
     */
    public static Path write(Heatmap heatmap, Path file) {
        byte[] bytes = bytes(heatmap, file);
        try {
            DurableFiles.replace(file, out -> out.write(bytes));
            return file;
        } catch (IOException e) {
            throw new AttentionException("cannot write heatmap " + file + ": " + e.getMessage()
                    + " (nothing was written; check the folder and free space)", e);
        }
    }
}
