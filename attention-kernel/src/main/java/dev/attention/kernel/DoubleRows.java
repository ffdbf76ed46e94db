package dev.attention.kernel;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Runs of a tensor's elements read as doubles straight from its storage: one bulk copy per run
 * (float32 widened after it), where copying the whole tensor to a double array first, or a call
 * per element, costs a one-shot run tens of milliseconds before the JIT has compiled anything.
 * One per thread: the float scratch is its own; the views are read with absolute gets only.
 */
final class DoubleRows {
    private final Tensor t;

    /** @param longest the longest run that will be read */
    DoubleRows(Tensor t, int longest) {
        this.t = t;
    }

    /** {@code dst[off + u] = t[at + u]} for {@code u < n}. */
    void read(int at, double[] dst, int off, int n) {
        t.copyTo(at, dst, off, n);
    }
}
