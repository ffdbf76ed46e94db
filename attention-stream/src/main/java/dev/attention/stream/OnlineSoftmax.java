package dev.attention.stream;

/**
 * Softmax attention of one standing query, updated one key at a time in O(d_v): the running maximum
 * score, the running sum of {@code exp((s − max)/τ)} and the accumulator of those weights times the
 * values, all in double. A new maximum rescales the sum and accumulator instead of revisiting keys
 * (Milakov and Gimelshein 2018), so the state never grows with the number of keys.
 */
final class OnlineSoftmax {
    private final double temperature;
    private final double[] acc;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;

    OnlineSoftmax(double temperature, int valueWidth) {
        this.temperature = temperature;
        this.acc = new double[valueWidth];
    }

    void add(double score, double[] value) {
        if (score > max) {
            // Every earlier term was relative to the old maximum: shrink them by exp((old − new)/τ).
            double scale = sum == 0 ? 0 : Math.exp((max - score) / temperature);
            sum = sum * scale + 1;
            for (int c = 0; c < acc.length; c++) {
                acc[c] = acc[c] * scale + value[c];
            }
            max = score;
        } else {
            double w = Math.exp((score - max) / temperature);
            sum += w;
            for (int c = 0; c < acc.length; c++) {
                acc[c] += w * value[c];
            }
        }
    }

    /** {@code Σ_j softmax(s)_j v_j}; zeros before the first key. */
    double[] output() {
        double[] out = new double[acc.length];
        if (sum > 0) {
            for (int c = 0; c < acc.length; c++) {
                out[c] = acc[c] / sum;
            }
        }
        return out;
    }
}
