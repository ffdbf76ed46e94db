package dev.attention.kernel;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.AttentionKernel;
import dev.attention.api.kernel.Diagonal;
import dev.attention.api.kernel.Dropout;
import dev.attention.api.kernel.HeadLayout;
import dev.attention.api.kernel.KernelGradients;
import dev.attention.api.kernel.KernelResult;
import dev.attention.api.kernel.KernelShape;
import dev.attention.api.kernel.KernelSpec;
import java.util.Random;

/**
 * A random backward problem: operands, a spec drawing on every feature (layouts, GQA, lengths, key
 * masks with fully masked rows, windows on both diagonals, softcap, bias of every broadcast shape,
 * learned or not, ALiBi, dropout, temperature), the reference forward result, {@code dL/dO} and
 * sometimes {@code dL/dW}.
 */
final class BackwardCase {
    final DType dtype;
    final Tensor q;
    final Tensor k;
    final Tensor v;
    final KernelSpec spec;
    final KernelResult forward;
    final Tensor dOut;
    final Tensor dWeights;

    private BackwardCase(DType dtype, Tensor q, Tensor k, Tensor v, KernelSpec spec, KernelResult forward, Tensor dOut,
            Tensor dWeights) {
        this.dtype = dtype;
        this.q = q;
        this.k = k;
        this.v = v;
        this.spec = spec;
        this.forward = forward;
        this.dOut = dOut;
        this.dWeights = dWeights;
    }

    /** A random case with up to {@code maxRows} queries and keys. */
    static BackwardCase random(long seed, DType dtype, int maxRows) {
        Random rnd = new Random(seed);
        int kvHeads = 1 + rnd.nextInt(2);
        int queryHeads = kvHeads * (1 + rnd.nextInt(3));
        HeadLayout layout = rnd.nextBoolean() ? HeadLayout.HEADS_FIRST : HeadLayout.HEADS_IN_COLUMNS;
        int[] batchShape = rnd.nextInt(4) == 0 ? new int[] {2, 1 + rnd.nextInt(2)} : new int[] {1 + rnd.nextInt(3)};
        int batch = 1;
        for (int x : batchShape) {
            batch *= x;
        }
        int n = 1 + rnd.nextInt(maxRows);
        int m = rnd.nextInt(3) == 0 ? n : 1 + rnd.nextInt(maxRows);
        int d = rnd.nextInt(10);
        int dv = 1 + rnd.nextInt(7);
        KernelSpec spec = KernelSpec.defaults().heads(queryHeads, kvHeads, layout);
        if (rnd.nextBoolean()) {
            // Sometimes large scores: peaked weights and a log-sum-exp far from 0.
            spec = spec.scale(0.1 + rnd.nextDouble() * (rnd.nextInt(4) == 0 ? 6 : 1));
        }
        if (rnd.nextBoolean()) {
            spec = spec.temperature(0.3 + 2 * rnd.nextDouble());
        }
        if (rnd.nextInt(3) == 0) {
            spec = spec.softcap(0.5 + 3 * rnd.nextDouble());
        }
        if (rnd.nextInt(3) == 0) {
            spec = spec.queryLengths(RandomInputs.lengths(rnd, batch, n)).keyLengths(RandomInputs.lengths(rnd, batch, m));
        }
        if (rnd.nextInt(3) == 0) {
            boolean[] keep = new boolean[batch * m];
            for (int t = 0; t < keep.length; t++) {
                keep[t] = rnd.nextInt(4) != 0;
            }
            if (rnd.nextBoolean()) {
                // A batch row with no key left: every row of it is fully masked.
                int b = rnd.nextInt(batch);
                for (int j = 0; j < m; j++) {
                    keep[b * m + j] = false;
                }
            }
            spec = spec.keyMask(keep);
        }
        switch (rnd.nextInt(4)) {
            case 0:
                break;
            case 1:
                spec = spec.causal(rnd.nextBoolean() ? Diagonal.TOP_LEFT : Diagonal.BOTTOM_RIGHT);
                break;
            default:
                spec = spec.window(rnd.nextInt(3) == 0 ? KernelSpec.UNBOUNDED : rnd.nextInt(8),
                        rnd.nextInt(3) == 0 ? KernelSpec.UNBOUNDED : rnd.nextInt(8))
                        .diagonal(rnd.nextBoolean() ? Diagonal.TOP_LEFT : Diagonal.BOTTOM_RIGHT);
        }
        int biasKind = rnd.nextInt(5);
        if (biasKind > 0) {
            int[] shape = biasKind == 1 ? new int[] {n, m}
                    : biasKind == 2 ? new int[] {queryHeads, n, m} : new int[] {batch, queryHeads, n, m};
            int size = 1;
            for (int x : shape) {
                size *= x;
            }
            double[] values = new double[size];
            for (int t = 0; t < size; t++) {
                values[t] = rnd.nextInt(20) == 0 ? Double.NEGATIVE_INFINITY : rnd.nextGaussian();
            }
            spec = spec.bias(Tensor.of(dtype, shape, values), rnd.nextInt(4) != 0);
        }
        if (rnd.nextInt(3) == 0) {
            double[] slopes = new double[queryHeads];
            for (int h = 0; h < queryHeads; h++) {
                slopes[h] = rnd.nextDouble() * 0.5;
            }
            spec = spec.alibi(slopes);
        }
        if (rnd.nextInt(3) == 0) {
            spec = spec.dropout(new Dropout(rnd.nextBoolean() ? 0.1 : 0.5, rnd.nextLong(), rnd.nextInt(5)));
        }
        boolean first = layout == HeadLayout.HEADS_FIRST;
        Tensor q = RandomInputs.random(rnd, dtype, shape(batchShape, first, queryHeads, n, d));
        Tensor k = RandomInputs.random(rnd, dtype, shape(batchShape, first, kvHeads, m, d));
        Tensor v = RandomInputs.random(rnd, dtype, shape(batchShape, first, kvHeads, m, dv));
        KernelResult forward = AttentionKernel.reference().attend(q, k, v, spec);
        KernelShape s = KernelShape.of(q, k, v, spec);
        Tensor dOut = RandomInputs.random(rnd, dtype, s.outputShape());
        Tensor dW = rnd.nextInt(3) == 0 ? RandomInputs.random(rnd, dtype, s.weightsShape()) : null;
        return new BackwardCase(dtype, q, k, v, spec, forward, dOut, dW);
    }

    private static int[] shape(int[] batchShape, boolean first, int heads, int rows, int width) {
        int r = batchShape.length;
        int[] s = java.util.Arrays.copyOf(batchShape, r + (first ? 3 : 2));
        if (first) {
            s[r] = heads;
            s[r + 1] = rows;
            s[r + 2] = width;
        } else {
            s[r] = rows;
            s[r + 1] = heads * width;
        }
        return s;
    }

    KernelGradients reference() {
        return AttentionKernel.reference().backward(q, k, v, spec, forward, dOut, dWeights);
    }

    /** The score scale of this case's spec. */
    double scoreScale() {
        return KernelShape.of(q, k, v, spec).scale();
    }

    /**
     * The tolerance for this case: 1e-12 in float64; in float32 1e-5, or more where the scores are
     * large. A float32 score {@code (s/τ)·Σ_c q_c k_c} carries an absolute rounding error up to
     * {@code d·u·(s/τ)·Σ_c|q_c k_c|} (u = 2⁻²⁴), which exp turns into that relative error of the
     * weights and so of every gradient: with s = 6 and d = 30 that alone exceeds 1e-5.
     */
    double tolerance() {
        if (dtype == DType.FLOAT64) {
            return 1e-12;
        }
        int d = q.shape()[q.rank() - 1];
        double[] qa = q.toDoubleArray();
        double[] ka = k.toDoubleArray();
        // Σ_c |q_c k_c| ≤ max_c |q_c| · Σ_c |k_c| over any pair of rows: a bound without the head mapping.
        double maxQ = 0;
        for (double x : qa) {
            maxQ = Math.max(maxQ, Math.abs(x));
        }
        double maxRow = 0;
        for (int r = 0; d > 0 && r < ka.length / d; r++) {
            double sum = 0;
            for (int c = 0; c < d; c++) {
                sum += Math.abs(ka[r * d + c]);
            }
            maxRow = Math.max(maxRow, sum);
        }
        double scores = Math.abs(scoreScale() / spec.temperature()) * maxQ * maxRow;
        return Math.max(1e-5, d * 0x1p-24 * scores);
    }

    KernelGradients engine(boolean simd, KernelExecutor executor, int block) {
        return BackwardPass.compute(q, k, v, spec, forward, dOut, dWeights, simd, executor, block);
    }

    /**
     * {@code max|a − r| ≤ tol · max(max|r|, 1)} per tensor, with the tolerance of the dtype. The
     * floor 1 is the operands' scale (standard normal): a gradient that is zero by cancellation
     * (a row with one visible key has {@code P = 1}, so {@code dP − D = 0}) comes out of any other
     * summation order as rounding noise, which no relative bound on zero admits. dQ and dK carry the
     * score scale s ({@code dQ_i = s·Σ_j dS_ij K_j}), so the terms that cancel there are s times the
     * operands' size and their floor is {@code max(1, s)}.
     */
    static void assertClose(KernelGradients expected, KernelGradients actual, DType dtype, String what) {
        assertClose(expected, actual, dtype, 1, what);
    }

    /** As above for scores scaled by {@code scoreScale}. */
    static void assertClose(KernelGradients expected, KernelGradients actual, DType dtype, double scoreScale,
            String what) {
        assertClose(expected, actual, dtype == DType.FLOAT32 ? 1e-5 : 1e-12, scoreScale, what);
    }

    /** As above with tolerance {@code tol} ({@link #tolerance()} for a random case). */
    static void assertClose(KernelGradients expected, KernelGradients actual, double tol, double scoreScale,
            String what) {
        double s = Math.max(1, Math.abs(scoreScale));
        assertClose(expected.queries(), actual.queries(), tol, s, what + ": dQ");
        assertClose(expected.keys(), actual.keys(), tol, s, what + ": dK");
        assertClose(expected.values(), actual.values(), tol, what + ": dV");
        if (expected.bias().isPresent() != actual.bias().isPresent()) {
            throw new AssertionError(what + ": bias gradient present " + actual.bias().isPresent() + ", expected "
                    + expected.bias().isPresent());
        }
        if (expected.bias().isPresent()) {
            assertClose(expected.bias().get(), actual.bias().get(), tol, what + ": dBias");
        }
    }

    static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        assertClose(expected, actual, tol, 1, what);
    }

    /** As above with the floor {@code floor} instead of 1. */
    static void assertClose(Tensor expected, Tensor actual, double tol, double floor, String what) {
        if (expected.dtype() != actual.dtype() || !java.util.Arrays.equals(expected.shape(), actual.shape())) {
            throw new AssertionError(what + ": " + actual + " does not match " + expected + " in dtype or shape");
        }
        double scale = floor;
        for (int t = 0; t < expected.size(); t++) {
            scale = Math.max(scale, Math.abs(expected.at(t)));
        }
        double worst = 0;
        int at = -1;
        for (int t = 0; t < expected.size(); t++) {
            double err = Math.abs(actual.at(t) - expected.at(t));
            if (!(err <= worst)) {
                worst = err;
                at = t;
            }
        }
        if (!(worst <= tol * scale)) {
            throw new AssertionError(what + " differs at flat index " + at + ": expected " + expected.at(at) + ", got "
                    + actual.at(at) + " (max error " + worst + " > " + tol + " · " + scale + ")");
        }
    }

    @Override
    public String toString() {
        return dtype.id() + " q" + java.util.Arrays.toString(q.shape()) + " k" + java.util.Arrays.toString(k.shape())
                + " v" + java.util.Arrays.toString(v.shape()) + " " + spec + (dWeights == null ? "" : " +dW");
    }
}
