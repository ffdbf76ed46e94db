package dev.attention.render;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * What the page holds of a panel too large to embed whole: per query its top-{@value #TOP_K} keys
 * (weights as printed), the row entropy −Σ w ln w (nats, over w &gt; 0), and a heatmap downsampled
 * to at most {@value #SIDE} × {@value #SIDE} cells, each the mean of its block of weights.
 */
final class PanelSummary {
    static final int TOP_K = 5;
    static final int SIDE = 100;
    /** Queries listed with their top keys; the rest are in weights.csv. */
    static final int LISTED_ROWS = 2_000;

    final int rowsPerCell;
    final int colsPerCell;
    final String[][] downsampled;
    final int[][] topKeys;
    final String[][] topWeights;
    final String[] entropy;

    PanelSummary(ViewPanel p) {
        int n = p.rows();
        int m = p.columns();
        rowsPerCell = Math.max(1, (n + SIDE - 1) / SIDE);
        colsPerCell = Math.max(1, (m + SIDE - 1) / SIDE);
        int dr = (n + rowsPerCell - 1) / rowsPerCell;
        int dc = (m + colsPerCell - 1) / colsPerCell;
        double[][] sum = new double[dr][dc];
        int[][] count = new int[dr][dc];
        int listed = Math.min(n, LISTED_ROWS);
        int k = Math.min(TOP_K, m);
        topKeys = new int[listed][];
        topWeights = new String[listed][];
        entropy = new String[listed];
        double[] row = new double[m];
        for (int i = 0; i < n; i++) {
            double h = 0;
            for (int j = 0; j < m; j++) {
                row[j] = p.value(i, j);
                sum[i / rowsPerCell][j / colsPerCell] += row[j];
                count[i / rowsPerCell][j / colsPerCell]++;
                if (row[j] > 0) {
                    h -= row[j] * Math.log(row[j]);
                }
            }
            if (i < listed) {
                final int q = i;
                int[] top = IntStream.range(0, m).boxed()
                        .sorted(Comparator.comparingDouble((Integer j) -> -row[j]).thenComparingInt(j -> j))
                        .limit(k).mapToInt(Integer::intValue).toArray();
                topKeys[i] = top;
                topWeights[i] = Arrays.stream(top).mapToObj(j -> p.cells()[q][j]).toArray(String[]::new);
                entropy[i] = String.format(Locale.ROOT, "%.4g", h);
            }
        }
        downsampled = new String[dr][dc];
        for (int a = 0; a < dr; a++) {
            for (int b = 0; b < dc; b++) {
                downsampled[a][b] = String.format(Locale.ROOT, "%.4g", sum[a][b] / count[a][b]);
            }
        }
    }
}
