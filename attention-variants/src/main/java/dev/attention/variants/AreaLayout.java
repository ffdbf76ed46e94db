package dev.attention.variants;

import dev.attention.api.DType;
import dev.attention.api.Mask;
import dev.attention.api.Tensor;
import java.util.Arrays;

/**
 * The areas of area attention: every contiguous range {@code [s, s + w)} of at most
 * {@code maxWidth} keys, ordered by width, then start ({@code (0,1), (1,1), …, (0,2), (1,2), …}).
 * With {@code m} keys there are {@code A = Σ_{w=1}^{min(maxWidth, m)} (m − w + 1)} areas. Immutable.
 */
final class AreaLayout {
    private final int[] start;
    private final int[] width;

    private AreaLayout(int[] start, int[] width) {
        this.start = start;
        this.width = width;
    }

    static AreaLayout of(int keys, int maxWidth) {
        int widest = Math.min(maxWidth, keys);
        int count = 0;
        for (int w = 1; w <= widest; w++) {
            count += keys - w + 1;
        }
        int[] start = new int[count];
        int[] width = new int[count];
        int a = 0;
        for (int w = 1; w <= widest; w++) {
            for (int s = 0; s + w <= keys; s++) {
                start[a] = s;
                width[a++] = w;
            }
        }
        return new AreaLayout(start, width);
    }

    int count() {
        return start.length;
    }

    /** Areas that lie within the real keys: {@code s + w ≤ lengths[b]}. */
    Mask mask(int[] keyLengths) {
        int[] len = keyLengths.clone();
        int[] s = start;
        int[] w = width;
        return (b, i, a) -> s[a] + w[a] <= len[b];
    }

    /**
     * {@code [batch…, A, d]}: each real area's rows of {@code x} summed, or averaged when
     * {@code mean}; areas reaching into padding are zero and padding is never read.
     */
    Tensor pool(Tensor x, int[] keyLengths, boolean mean, DType dtype) {
        int[] shape = x.shape();
        shape[shape.length - 2] = count();
        Tensor.Builder out = Tensor.builder(dtype, shape);
        double[] acc = new double[x.cols()];
        for (int b = 0; b < x.batchSize(); b++) {
            for (int a = 0; a < count(); a++) {
                if (start[a] + width[a] > keyLengths[b]) {
                    continue;
                }
                Arrays.fill(acc, 0);
                for (int r = start[a]; r < start[a] + width[a]; r++) {
                    for (int c = 0; c < acc.length; c++) {
                        acc[c] += x.get(b, r, c);
                    }
                }
                for (int c = 0; c < acc.length; c++) {
                    out.set(b, a, c, mean ? acc[c] / width[a] : acc[c]);
                }
            }
        }
        return out.build();
    }

    /** The backward of {@link #pool}: each area's gradient spread over its rows (divided by w for a mean). */
    Tensor unpool(Tensor dAreas, int[] xShape, int[] keyLengths, boolean mean, DType dtype) {
        Tensor.Builder dx = Tensor.builder(dtype, xShape);
        int rows = xShape[xShape.length - 2];
        int cols = dAreas.cols();
        for (int b = 0; b < dAreas.batchSize(); b++) {
            for (int a = 0; a < count(); a++) {
                if (start[a] + width[a] > keyLengths[b]) {
                    continue;
                }
                for (int r = start[a]; r < start[a] + width[a]; r++) {
                    for (int c = 0; c < cols; c++) {
                        double g = dAreas.get(b, a, c);
                        dx.add((b * rows + r) * cols + c, mean ? g / width[a] : g);
                    }
                }
            }
        }
        return dx.build();
    }

    /** {@code [batch…, 1, A]}: each area's start (or width) as a number, repeated per batch element. */
    Tensor describe(int[] batchShape, DType dtype, boolean starts) {
        int[] shape = Arrays.copyOf(batchShape, batchShape.length + 2);
        shape[shape.length - 2] = 1;
        shape[shape.length - 1] = count();
        Tensor.Builder t = Tensor.builder(dtype, shape);
        int batch = 1;
        for (int d : batchShape) {
            batch *= d;
        }
        for (int b = 0; b < batch; b++) {
            for (int a = 0; a < count(); a++) {
                t.set(b, 0, a, starts ? start[a] : width[a]);
            }
        }
        return t.build();
    }
}
