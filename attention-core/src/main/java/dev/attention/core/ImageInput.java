package dev.attention.core;

import dev.attention.api.ConfigException;
import dev.attention.api.Tensor;
import dev.attention.assembly.config.ImageLayout;
import dev.attention.assembly.config.InputConfig;
import dev.attention.assembly.config.Position;
import dev.attention.assembly.data.LoadedInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns an image input {@code [batch, height, width, channels]} into the sequences a variant
 * attends over, so variants never see images: with {@code patches: p} each p×p patch first becomes
 * one position of {@code p·p·c} features (ordered row, column, channel within the patch, as ViT),
 * on a grid of {@code h/p × w/p}; then {@code axes: grid} flattens the grid row-major to
 * {@code [batch, h·w, c]} (position {@code i·w + j} is grid cell (i, j)), {@code rows} makes each
 * grid row a sequence {@code [batch·h, w, c]} and {@code columns} each grid column
 * {@code [batch·w, h, c]} (batch element {@code b·w + j}, position i).
 */
final class ImageInput {
    private ImageInput() {
    }

    /**
     * An input as read, with the grid its positions were flattened from (rows, columns) when the
     * whole grid is one sequence ({@code axes: grid}).
     */
    record Arranged(LoadedInput input, Optional<int[]> grid) {
    }

    /** The input unchanged when it is not an image; else its sequences. */
    static Arranged arrange(InputConfig ic, LoadedInput li) {
        if (ic.image().isEmpty()) {
            return new Arranged(li, Optional.empty());
        }
        ImageLayout layout = ic.image().get();
        Tensor t = li.tensor();
        if (t.rank() != 4) {
            throw error(ic, layout.layoutAt(), "layout", li.source() + " holds a "
                    + dev.attention.api.ShapeException.format(t.shape()) + " array but layout: image needs 4"
                    + " dimensions [batch, height, width, channels]", "store the images as one 4-D array, or remove"
                    + " layout: image to read the array as [batch…, rows, cols]");
        }
        int p = layout.patches();
        int h = t.dim(1);
        int w = t.dim(2);
        if (h % p != 0 || w % p != 0) {
            throw error(ic, layout.patchesAt(), "patches", li.source() + " holds " + h + "×" + w
                    + " images (height×width), which " + p + "×" + p + " patches do not tile",
                    "choose a patch size dividing both " + h + " and " + w + ", or crop or pad the images");
        }
        Tensor patched = patches(t, p);
        List<String> columns = patchColumns(li.columns(), p);
        Tensor seq = sequences(patched, layout.axes());
        Optional<int[]> grid = layout.axes() == ImageLayout.Axes.GRID
                ? Optional.of(new int[] {patched.dim(1), patched.dim(2)}) : Optional.empty();
        return new Arranged(new LoadedInput(seq, Optional.empty(), columns, li.source()), grid);
    }

    /**
     * {@code [b, h, w, c]} to {@code [b, h/p, w/p, p·p·c]}: feature {@code (dy·p + dx)·c + k} of patch
     * (i, j) is channel k of pixel {@code (i·p + dy, j·p + dx)}.
     */
    static Tensor patches(Tensor image, int p) {
        if (p == 1) {
            return image;
        }
        int b = image.dim(0);
        int h = image.dim(1);
        int w = image.dim(2);
        int c = image.dim(3);
        int gh = h / p;
        int gw = w / p;
        int f = p * p * c;
        Tensor.Builder out = Tensor.builder(image.dtype(), b, gh, gw, f);
        for (int n = 0; n < b; n++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int k = 0; k < c; k++) {
                        int from = ((n * h + y) * w + x) * c + k;
                        int cell = (n * gh + y / p) * gw + x / p;
                        int feature = ((y % p) * p + x % p) * c + k;
                        out.set(cell * f + feature, image.at(from));
                    }
                }
            }
        }
        return out.build();
    }

    /** {@code [b, h, w, c]} as the sequences {@code axes} chooses (see the class comment). */
    static Tensor sequences(Tensor grid, ImageLayout.Axes axes) {
        int b = grid.dim(0);
        int h = grid.dim(1);
        int w = grid.dim(2);
        int c = grid.dim(3);
        switch (axes) {
            case GRID:
                return grid.reshape(b, h * w, c);
            case ROWS:
                return grid.reshape(b * h, w, c);
            default:
                Tensor.Builder out = Tensor.builder(grid.dtype(), b * w, h, c);
                for (int n = 0; n < b; n++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            for (int k = 0; k < c; k++) {
                                out.set(((n * w + j) * h + i) * c + k, grid.at(((n * h + i) * w + j) * c + k));
                            }
                        }
                    }
                }
                return out.build();
        }
    }

    /** Feature names of a patch: {@code y0x1.c2} is channel c2 of the patch's pixel (0, 1). */
    private static List<String> patchColumns(List<String> channels, int p) {
        if (p == 1) {
            return channels;
        }
        List<String> out = new ArrayList<>();
        for (int dy = 0; dy < p; dy++) {
            for (int dx = 0; dx < p; dx++) {
                for (String ch : channels) {
                    out.add("y" + dy + "x" + dx + "." + ch);
                }
            }
        }
        return out;
    }

    private static ConfigException error(InputConfig ic, Position at, String key, String problem, String hint) {
        return new ConfigException(at.file(), at.line(), at.column(), "inputs." + ic.name() + "." + key, problem, hint);
    }
}
