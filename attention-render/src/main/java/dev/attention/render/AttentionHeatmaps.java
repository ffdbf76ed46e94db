package dev.attention.render;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Turns an {@link AttentionResult}'s weights into a {@link Heatmap}: one panel per batch element
 * (at most {@value #MAX_PANELS}, the picture says when more exist), rows = queries, columns =
 * keys. From a {@link HeatmapContext} it also knows the row labels of the inputs, the real lengths of padded
 * batch elements (padding is cut off, not drawn as zeros) and the group names. It reads the extras
 * the shipped variants document: hard attention's {@code positions} are marked, local-p's
 * {@code centres} drawn, and area attention's columns are labelled by the key span of each area
 * ({@code area_start}, {@code area_width}). One query's weights over an image input flattened from
 * a grid (pooling over {@code layout: image}) are drawn over that grid: panel row i, column j is
 * key {@code i·columns + j}.
 */
@API(status = MAINTAINED)
public final class AttentionHeatmaps {
    /** More panels than this make each unreadably small; the rest stay in weights.csv. */
    public static final int MAX_PANELS = 12;
    private static final String QUERIES = "queries";
    private static final String KEYS = "keys";
    private static final String SEQUENCE = "sequence";

    private AttentionHeatmaps() {
    }

    /** A heatmap of a run's result, with the labels, lengths and group names of {@code context}. */
    public static Heatmap of(String title, AttentionResult result, HeatmapContext context) {
        return build(title, result, Optional.of(context));
    }

    /** A heatmap of a result without labels or lengths: rows and columns by index. */
    public static Heatmap of(String title, AttentionResult result) {
        return build(title, result, Optional.empty());
    }

    private static Heatmap build(String title, AttentionResult result, Optional<HeatmapContext> context) {
        Tensor w = result.weights().orElseThrow(() -> new AttentionException(
                "this pipeline returns no weights to draw; its result has " + result.names()));
        int n = w.rows();
        int m = w.cols();
        AttentionInputs inputs = context.map(HeatmapContext::inputs).orElse(null);
        Optional<String> rowInput = axisInput(inputs, n, QUERIES, SEQUENCE);
        Optional<String> colInput = axisInput(inputs, m, KEYS, SEQUENCE);
        Optional<Tensor> areaStart = extra(result, "area_start", m);
        Optional<Tensor> areaWidth = extra(result, "area_width", m);
        boolean areas = areaStart.isPresent() && areaWidth.isPresent();
        if (areas) {
            // Columns are areas of keys, not keys: label them by their key span.
            colInput = axisInput(inputs, -1, KEYS, SEQUENCE);
        }
        Optional<Tensor> positions = Optional.ofNullable(result.asMap().get("positions"))
                .filter(p -> p.rank() == w.rank() && p.rows() == n);
        Optional<Tensor> centres = Optional.ofNullable(result.asMap().get("centres"))
                .filter(c -> c.rank() == w.rank() && c.rows() == n && c.cols() == 1);

        Optional<int[]> grid = n == 1 && !areas ? colInput.flatMap(name -> context.map(c -> c.grids().get(name)))
                .filter(g -> g[0] * g[1] == m) : Optional.empty();
        int count = w.batchSize();
        int shown = Math.min(count, MAX_PANELS);
        int[] batchShape = w.batchShape();
        Heatmap.Builder h = Heatmap.builder(title)
                .subtitle("weights " + Arrays.toString(w.shape()) + " · rows: " + rowInput.orElse(n == 1 ? "query" : "rows")
                        + " · columns: " + (areas ? "areas of " : "") + colInput.orElse("keys"))
                .axes(rowInput.orElse("rows"), colInput.orElse("columns"))
                // [batch, heads, n, m] later: a grid row per batch element, a column per head.
                .gridColumns(batchShape.length >= 2 ? batchShape[batchShape.length - 1] : Math.min(count, 4));
        if (shown < count) {
            h.note("showing the first " + shown + " of " + count + " batch elements; all are in the weights file");
        }
        if (grid.isPresent()) {
            return overGrid(h, w, grid.get(), colInput.get(), count, shown, batchShape,
                    context.map(HeatmapContext::groups).orElse(List.of()));
        }
        List<String> groups = context.map(HeatmapContext::groups).orElse(List.of());
        // [batch, heads, n, m]: the inputs' batch element of flat panel b is b / heads (its padding, labels, group).
        int inner = count / Math.max(1, batchShape.length == 0 ? 1 : batchShape[0]);
        for (int element = 0; element < shown; element++) {
            final int b = element;
            final int e = b / Math.max(1, inner);
            int rows = realLength(inputs, rowInput, e, n, count / Math.max(1, inner));
            int cols = areas ? m : realLength(inputs, colInput, e, m, count / Math.max(1, inner));
            double[][] values = new double[rows][cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    values[i][j] = w.get(b, i, j);
                }
            }
            List<String> rowLabels = labels(given(context, rowInput, e), rows);
            List<String> colLabels = areas ? areaLabels(areaStart.get(), areaWidth.get(), b,
                    given(context, colInput, e).orElse(List.of())) : labels(given(context, colInput, e), cols);
            h.panel(new HeatmapPanel(caption(count, batchShape, b, e, groups), values, rowLabels, colLabels,
                    positions.map(p -> marks(p, b, rows, cols)).orElse(null),
                    centres.map(c -> column(c, b, rows)).orElse(null)));
        }
        return h.build();
    }

    /** One panel per batch element: its single query's weights laid out as the image grid. */
    private static Heatmap overGrid(Heatmap.Builder h, Tensor w, int[] grid, String input, int count, int shown,
            int[] batchShape, List<String> groups) {
        h.subtitle("weights " + Arrays.toString(w.shape()) + " over the " + grid[0] + " × " + grid[1] + " grid of "
                + input).axes("grid row", "grid column");
        for (int b = 0; b < shown; b++) {
            double[][] values = new double[grid[0]][grid[1]];
            for (int i = 0; i < grid[0]; i++) {
                for (int j = 0; j < grid[1]; j++) {
                    values[i][j] = w.get(b, 0, i * grid[1] + j);
                }
            }
            h.panel(new HeatmapPanel(caption(count, batchShape, b, b, groups), values, HeatmapPanel.indices(grid[0]),
                    HeatmapPanel.indices(grid[1]), null, null));
        }
        return h.build();
    }

    /** The first named input whose rows line up with this axis ({@code size} −1: any size). */
    private static Optional<String> axisInput(AttentionInputs inputs, int size, String... names) {
        if (inputs == null) {
            return Optional.empty();
        }
        for (String name : names) {
            if (inputs.has(name) && (size < 0 || inputs.tensor(name).rows() == size || levelAxis(inputs, name, size))) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static Optional<Tensor> extra(AttentionResult r, String name, int cols) {
        return Optional.ofNullable(r.asMap().get(name)).filter(t -> t.cols() == cols);
    }

    /** Whether a nested input ({@code [D, S, T, d]}) has an outer axis of {@code size} (its sentences, say). */
    private static boolean levelAxis(AttentionInputs inputs, String name, int size) {
        Tensor t = inputs.tensor(name);
        for (int level = 2; level <= inputs.nesting(name); level++) {
            if (t.dim(t.rank() - 1 - level) == size) {
                return true;
            }
        }
        return false;
    }

    /**
     * Rows of batch element {@code b} (of {@code elements}) that are data, not padding. A nested
     * input has lengths per level (tokens per sentence, sentences per document): the level whose
     * axis is this one and whose lengths count one per element; none fits, nothing is cut.
     */
    private static int realLength(AttentionInputs inputs, Optional<String> input, int b, int size, int elements) {
        if (inputs == null || input.isEmpty()) {
            return size;
        }
        String name = input.get();
        int nesting = inputs.nesting(name);
        if (nesting < 2) {
            return inputs.lengths(name).filter(l -> b < l.length).map(l -> Math.min(l[b], size)).orElse(size);
        }
        Tensor t = inputs.tensor(name);
        for (int level = 1; level <= nesting; level++) {
            int[] l = inputs.lengths(name, level).orElse(null);
            if (l != null && l.length == elements && t.dim(t.rank() - 1 - level) == size && b < l.length) {
                return Math.min(l[b], size);
            }
        }
        return size;
    }

    /** The label column's texts for batch element {@code b} of an input, if it has one. */
    private static Optional<List<String>> given(Optional<HeatmapContext> context, Optional<String> input, int b) {
        return context.flatMap(j -> input.map(name -> j.labels().get(name)))
                .filter(perElement -> !perElement.isEmpty())
                .map(perElement -> perElement.get(Math.min(b, perElement.size() - 1)));
    }

    /** The given labels when they fit the axis, else indices. */
    private static List<String> labels(Optional<List<String>> given, int count) {
        return given.filter(g -> g.size() == count).orElseGet(() -> HeatmapPanel.indices(count));
    }

    /** An area's label: its key's label, or first–last key for a wider area. */
    private static List<String> areaLabels(Tensor start, Tensor width, int b, List<String> keyLabels) {
        int e = start.batchSize() == 1 ? 0 : b;
        List<String> out = new ArrayList<>();
        for (int a = 0; a < start.cols(); a++) {
            int s = (int) start.get(e, 0, a);
            int last = s + (int) width.get(e, 0, a) - 1;
            String first = s < keyLabels.size() ? keyLabels.get(s) : Integer.toString(s);
            String end = last < keyLabels.size() ? keyLabels.get(last) : Integer.toString(last);
            out.add(last == s ? first : first + "–" + end);
        }
        return out;
    }

    private static boolean[][] marks(Tensor positions, int b, int rows, int cols) {
        boolean[][] out = new boolean[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int t = 0; t < positions.cols(); t++) {
                int j = (int) positions.get(b, i, t);
                if (j >= 0 && j < cols) {
                    out[i][j] = true;
                }
            }
        }
        return out;
    }

    private static double[] column(Tensor t, int b, int rows) {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = t.get(b, i, 0);
        }
        return out;
    }

    private static String caption(int count, int[] batchShape, int b, int element, List<String> groups) {
        if (count == 1) {
            return "";
        }
        String index = batchShape.length == 1 ? Integer.toString(b) : Arrays.toString(unflatten(b, batchShape));
        return "batch " + index + (element < groups.size() ? ": " + groups.get(element) : "");
    }

    private static int[] unflatten(int flat, int[] shape) {
        int[] out = new int[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            out[k] = flat % shape[k];
            flat /= shape[k];
        }
        return out;
    }
}
