package dev.attention.variants;

import dev.attention.api.Tensor;

/**
 * The expected alignment that trains monotonic attention (Raffel et al. 2017, eq. 9), by the
 * recurrence that needs no division (the closed form divides by {@code 1 − p}, which underflows):
 * <pre>
 *   p_ij = σ(e_ij + r + noise_ij)                       e = a(K, Q), r = offset
 *   q_ij = (1 − p_i,j−1) · q_i,j−1 + α_i−1,j,   q_i0 = α_i−1,0
 *   α_ij = p_ij · q_ij,                          α_0 = δ_j0 (the scan starts at key 0)
 * </pre>
 * {@code α_ij} is the probability that query i stops at key j; a row may sum to less than 1 (the
 * scan may pass the end). Per batch entry over its real keys only: padded keys and padded query rows
 * get α = 0, and a padded query row does not advance the recurrence. {@link #backward} runs it in
 * reverse. Everything is in double whatever the inputs' dtype.
 */
final class SoftMonotonic {
    private SoftMonotonic() {
    }

    /** {@code p}, {@code q} and {@code α}, each {@code [batch][n][m]}; backward reads all three. */
    record Expected(double[][][] p, double[][][] q, double[][][] alpha) {
    }

    static Expected forward(Tensor energies, double offset, EnergyNoise noise, QkvBinding in) {
        int batch = energies.batchSize();
        int n = energies.rows();
        int m = energies.cols();
        double[][][] p = new double[batch][n][m];
        double[][][] q = new double[batch][n][m];
        double[][][] alpha = new double[batch][n][m];
        for (int b = 0; b < batch; b++) {
            int real = in.realKeys(b);
            double[] previous = new double[m];
            if (real > 0) {
                previous[0] = 1;
            }
            for (int i = 0; i < n; i++) {
                if (!in.realQuery(b, i)) {
                    continue;
                }
                for (int j = 0; j < real; j++) {
                    p[b][i][j] = sigmoid(energies.get(b, i, j) + offset + noise.at(b, i, j));
                    q[b][i][j] = (j == 0 ? 0 : (1 - p[b][i][j - 1]) * q[b][i][j - 1]) + previous[j];
                    alpha[b][i][j] = p[b][i][j] * q[b][i][j];
                }
                previous = alpha[b][i];
            }
        }
        return new Expected(p, q, alpha);
    }

    /**
     * {@code dL/de} from {@code dL/dα} (the direct gradient of every α, not yet including what later
     * queries pass back through the recurrence), in reverse order of queries and keys.
     */
    static double[][][] backward(Expected f, double[][][] dAlpha, QkvBinding in) {
        int batch = dAlpha.length;
        int n = batch == 0 ? 0 : dAlpha[0].length;
        int m = n == 0 ? 0 : dAlpha[0][0].length;
        double[][][] dEnergy = new double[batch][n][m];
        for (int b = 0; b < batch; b++) {
            int real = in.realKeys(b);
            double[] fromLater = new double[m];   // dL/dα_i through query i+1's q (its α_i−1)
            for (int i = n - 1; i >= 0; i--) {
                if (!in.realQuery(b, i)) {
                    continue;
                }
                double[] p = f.p()[b][i];
                double[] q = f.q()[b][i];
                double[] toEarlier = new double[m];
                double dqNext = 0;                // dL/dq_i,j+1
                for (int j = real - 1; j >= 0; j--) {
                    double dA = dAlpha[b][i][j] + fromLater[j];
                    double dq = dA * p[j] + (j + 1 < real ? dqNext * (1 - p[j]) : 0);
                    double dp = dA * q[j] - (j + 1 < real ? dqNext * q[j] : 0);
                    toEarlier[j] = dq;
                    dEnergy[b][i][j] = dp * p[j] * (1 - p[j]);
                    dqNext = dq;
                }
                fromLater = toEarlier;
            }
        }
        return dEnergy;
    }

    /**
     * The key each query most probably stops at, {@code argmax_j α_ij} (the first on ties), or −1
     * when the row is all zero (padding, or no key).
     */
    static int[][] argmax(double[][][] alpha) {
        int[][] out = new int[alpha.length][];
        for (int b = 0; b < alpha.length; b++) {
            out[b] = new int[alpha[b].length];
            for (int i = 0; i < alpha[b].length; i++) {
                int best = -1;
                double max = 0;
                for (int j = 0; j < alpha[b][i].length; j++) {
                    if (alpha[b][i][j] > max) {
                        max = alpha[b][i][j];
                        best = j;
                    }
                }
                out[b][i] = best;
            }
        }
        return out;
    }

    /** {@code 1 / (1 + e^−x)} without overflow for large |x|. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
