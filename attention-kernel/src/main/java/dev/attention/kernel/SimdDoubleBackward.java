package dev.attention.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 backward tile products on the Vector API: {@code C = A·B} with rows of {@code B} and
 * {@code C} padded to whole vectors, 4 rows × 2 vectors of {@code C} in registers, each lane an FMA
 * chain over {@code t} in order (so the bits do not depend on which rows share a micro-kernel).
 * Loaded only after {@link VectorSupport#present()}.
 */
final class SimdDoubleBackward implements DoubleBackward.Products {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public void gemm(double[] a, int aOff, int aStride, int rows, int terms, double[] b, int bOff, int bStride,
            int width, double[] c, int cOff, int cStride) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int a0 = aOff + r * aStride;
            int a1 = a0 + aStride;
            int a2 = a1 + aStride;
            int a3 = a2 + aStride;
            int c0 = cOff + r * cStride;
            int w = 0;
            for (; w + 2 * L <= width; w += 2 * L) {
                DoubleVector x00 = DoubleVector.zero(S), x01 = x00, x10 = x00, x11 = x00;
                DoubleVector x20 = x00, x21 = x00, x30 = x00, x31 = x00;
                for (int t = 0; t < terms; t++) {
                    int bt = bOff + t * bStride + w;
                    DoubleVector b0 = DoubleVector.fromArray(S, b, bt);
                    DoubleVector b1 = DoubleVector.fromArray(S, b, bt + L);
                    DoubleVector e = DoubleVector.broadcast(S, a[a0 + t]);
                    x00 = e.fma(b0, x00);
                    x01 = e.fma(b1, x01);
                    e = DoubleVector.broadcast(S, a[a1 + t]);
                    x10 = e.fma(b0, x10);
                    x11 = e.fma(b1, x11);
                    e = DoubleVector.broadcast(S, a[a2 + t]);
                    x20 = e.fma(b0, x20);
                    x21 = e.fma(b1, x21);
                    e = DoubleVector.broadcast(S, a[a3 + t]);
                    x30 = e.fma(b0, x30);
                    x31 = e.fma(b1, x31);
                }
                int at = c0 + w;
                x00.intoArray(c, at);
                x01.intoArray(c, at + L);
                x10.intoArray(c, at + cStride);
                x11.intoArray(c, at + cStride + L);
                x20.intoArray(c, at + 2 * cStride);
                x21.intoArray(c, at + 2 * cStride + L);
                x30.intoArray(c, at + 3 * cStride);
                x31.intoArray(c, at + 3 * cStride + L);
            }
            for (; w < width; w += L) {
                DoubleVector x0 = DoubleVector.zero(S), x1 = x0, x2 = x0, x3 = x0;
                for (int t = 0; t < terms; t++) {
                    DoubleVector b0 = DoubleVector.fromArray(S, b, bOff + t * bStride + w);
                    x0 = DoubleVector.broadcast(S, a[a0 + t]).fma(b0, x0);
                    x1 = DoubleVector.broadcast(S, a[a1 + t]).fma(b0, x1);
                    x2 = DoubleVector.broadcast(S, a[a2 + t]).fma(b0, x2);
                    x3 = DoubleVector.broadcast(S, a[a3 + t]).fma(b0, x3);
                }
                int at = c0 + w;
                x0.intoArray(c, at);
                x1.intoArray(c, at + cStride);
                x2.intoArray(c, at + 2 * cStride);
                x3.intoArray(c, at + 3 * cStride);
            }
        }
        for (; r < rows; r++) {
            int a0 = aOff + r * aStride;
            int c0 = cOff + r * cStride;
            for (int w = 0; w < width; w += L) {
                DoubleVector x0 = DoubleVector.zero(S);
                for (int t = 0; t < terms; t++) {
                    x0 = DoubleVector.broadcast(S, a[a0 + t]).fma(DoubleVector.fromArray(S, b, bOff + t * bStride + w), x0);
                }
                x0.intoArray(c, c0 + w);
            }
        }
    }
}
