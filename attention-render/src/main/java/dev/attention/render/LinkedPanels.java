package dev.attention.render;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The panels of runs whose weights come as several linked tensors, each panel one batch element of
 * one tensor, cells printed as its CSV file prints them (no padding cut, so indices stay those of
 * the files):
 * <ul>
 *   <li>multilevel ({@code weights}, {@code weights_level1}, …): the levels from the top (fewest
 *       batch elements) down; column c of element b of a level links to element b · m + c of the
 *       level below (m its columns) when the sizes say so: a sentence to its words;</li>
 *   <li>co-attention ({@code weights}, {@code weights_b}): the two directions of each pair next to
 *       each other, linked both ways.</li>
 * </ul>
 */
@API(status = MAINTAINED)
public final class LinkedPanels {
    /** Panels per tensor; the rest stay in the CSV files. */
    public static final int MAX_PER_TENSOR = 64;
    private static final String WEIGHTS = "weights";
    private static final String LEVEL = "weights_level";
    private static final String OTHER_SIDE = "weights_b";

    private LinkedPanels() {
    }

    /** Whether {@code result} has linked weights: per-level tensors or a co-attention's second direction. */
    public static boolean applies(AttentionResult result) {
        return result.names().contains(WEIGHTS) && (result.names().contains(OTHER_SIDE)
                || result.names().stream().anyMatch(n -> n.startsWith(LEVEL)));
    }

    /** Adds the panels and links of {@code result} to {@code b}; call {@link #applies} first. */
    public static AttentionView.Builder add(AttentionView.Builder b, AttentionResult result, DType dtype) {
        if (result.names().contains(OTHER_SIDE)) {
            return coAttention(b, result.get(WEIGHTS), result.get(OTHER_SIDE), dtype);
        }
        List<String> levels = new ArrayList<>(result.names().stream()
                .filter(n -> n.equals(WEIGHTS) || n.startsWith(LEVEL)).toList());
        levels.sort(Comparator.comparingInt((String n) -> result.get(n).batchSize()).thenComparing(n -> n));
        int[] first = new int[levels.size()];
        for (int k = 0; k < levels.size(); k++) {
            first[k] = b.panelCount();
            addAll(b, levels.get(k), result.get(levels.get(k)), dtype);
        }
        for (int k = 0; k + 1 < levels.size(); k++) {
            Tensor upper = result.get(levels.get(k));
            Tensor lower = result.get(levels.get(k + 1));
            if (lower.batchSize() != upper.batchSize() * upper.cols()) {
                b.note(levels.get(k + 1) + " has " + lower.batchSize() + " batch elements, not " + levels.get(k)
                        + "'s " + upper.batchSize() + " × " + upper.cols() + " columns: the levels are not linked");
                continue;
            }
            for (int e = 0; e < shown(upper); e++) {
                for (int c = 0; c < upper.cols(); c++) {
                    int below = e * upper.cols() + c;
                    if (below < shown(lower)) {
                        b.link(new ViewLink(first[k] + e, c, first[k + 1] + below));
                    }
                }
            }
        }
        return b.gridColumns(Math.max(1, Math.min(8, result.get(levels.get(levels.size() - 1)).batchSize())));
    }

    private static AttentionView.Builder coAttention(AttentionView.Builder b, Tensor a, Tensor other, DType dtype) {
        int pairs = Math.min(shown(a), shown(other));
        for (int e = 0; e < pairs; e++) {
            int k = b.panelCount();
            b.panel(panel(WEIGHTS, a, e, dtype)).panel(panel(OTHER_SIDE, other, e, dtype));
            b.link(new ViewLink(k, -1, k + 1)).link(new ViewLink(k + 1, -1, k));
        }
        if (pairs < Math.max(a.batchSize(), other.batchSize())) {
            b.note("showing the first " + pairs + " of " + Math.max(a.batchSize(), other.batchSize())
                    + " pairs; all are in the weights files");
        }
        return b.gridColumns(2);
    }

    private static void addAll(AttentionView.Builder b, String name, Tensor w, DType dtype) {
        for (int e = 0; e < shown(w); e++) {
            b.panel(panel(name, w, e, dtype));
        }
        if (shown(w) < w.batchSize()) {
            b.note("showing the first " + shown(w) + " of " + w.batchSize() + " batch elements of " + name
                    + "; all are in " + name + ".csv");
        }
    }

    private static int shown(Tensor w) {
        return Math.min(MAX_PER_TENSOR, w.batchSize());
    }

    private static ViewPanel panel(String name, Tensor w, int e, DType dtype) {
        String[][] cells = new String[w.rows()][w.cols()];
        for (int i = 0; i < w.rows(); i++) {
            for (int j = 0; j < w.cols(); j++) {
                cells[i][j] = ViewPanel.printed(w.get(e, i, j), dtype);
            }
        }
        ViewPanel p = ViewPanel.of(name + " · batch " + e, cells);
        return p;
    }
}
