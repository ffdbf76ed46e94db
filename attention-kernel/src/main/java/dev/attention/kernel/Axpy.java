package dev.attention.kernel;

/**
 * The inner loops of the scalar kernel, shared by its forward pass (dot products along a key
 * block, weighted values along a value row) and its matrix product: {@code y[u] += a·x[u]}, for one
 * term or four. Written so that C2 makes vector code of them (every array read from index 0: JDK
 * 17's C2 does not vectorise a loop whose arrays start at different offsets), and kept in one small
 * class so that one compilation serves every caller: in a one-shot run the callers are still
 * interpreted or in C1 when these are already in C2 (decision 66).
 *
 * <p>Four terms per pass store {@code y} once for four multiply-adds: stores bound these loops, so
 * that is 2.3 times the rate of one term per pass at 256 elements, and 1.3 times at 64. The terms
 * are still added one at a time, left to right, a multiply and an add each (not
 * {@code Math.fma}): the bits of four passes of the one-term loop, in any tier.
 */
final class Axpy {
    private Axpy() {
    }

    /** {@code y[u] += a·x[u]} for {@code u < n}. */
    static void axpy(double a, double[] x, double[] y, int n) {
        for (int u = 0; u < n; u++) {
            y[u] += a * x[u];
        }
    }

    /** {@code y[u] = (((y[u] + a0·x0[u]) + a1·x1[u]) + a2·x2[u]) + a3·x3[u]} for {@code u < n}. */
    static void axpy4(double a0, double[] x0, double a1, double[] x1, double a2, double[] x2, double a3, double[] x3,
            double[] y, int n) {
        for (int u = 0; u < n; u++) {
            y[u] = y[u] + a0 * x0[u] + a1 * x1[u] + a2 * x2[u] + a3 * x3[u];
        }
    }
}
