package dev.attention.variants;

import dev.attention.api.Mask;

/**
 * Windows of key positions shared by the local variants: a band around the query's own index
 * (local-m), a band around a predicted centre (local-p) and the Gaussian that weights it.
 */
final class PositionWindows {
    private PositionWindows() {
    }

    /** Keys {@code j} with {@code |j − i| ≤ halfWidth} for query {@code i} (local-m's window). */
    static Mask band(int halfWidth) {
        return (b, i, j) -> Math.abs(j - i) <= halfWidth;
    }

    /**
     * Keys {@code j} with {@code |j − centres[b·rows + i]| ≤ halfWidth}; a negative centre marks a
     * row that attends to nothing.
     *
     * @param centres one integer centre per query row, flattened over the batch (copied)
     */
    static Mask around(int[] centres, int rows, int halfWidth) {
        int[] c = centres.clone();
        return (b, i, j) -> {
            int centre = c[b * rows + i];
            return centre >= 0 && Math.abs(j - centre) <= halfWidth;
        };
    }

    /**
     * The key index a real-valued position {@code p} is rounded to, {@code round(p)} (halves up),
     * clamped to the real keys {@code 0 … realKeys − 1}; −1 when there is no real key.
     */
    static int centre(double p, int realKeys) {
        if (realKeys <= 0) {
            return -1;
        }
        return (int) Math.max(0, Math.min(realKeys - 1, Math.floor(p + 0.5)));
    }

    /** {@code exp(−(j − p)² / (2σ²))}. */
    static double gaussian(int j, double p, double sigma) {
        double d = j - p;
        return Math.exp(-d * d / (2 * sigma * sigma));
    }

    /** {@code d/dp exp(−(j − p)² / (2σ²)) = gaussian · (j − p) / σ²}. */
    static double gaussianSlope(int j, double p, double sigma) {
        return gaussian(j, p, sigma) * (j - p) / (sigma * sigma);
    }
}
