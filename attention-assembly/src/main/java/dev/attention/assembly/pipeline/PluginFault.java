package dev.attention.assembly.pipeline;

import dev.attention.api.DType;
import dev.attention.api.Mask;
import dev.attention.api.PluginException;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import dev.attention.api.spi.PluginKind;
import dev.attention.assembly.plugin.PluginRegistry;
import java.util.Arrays;

/**
 * The checks the engine puts around a plugin's calls: what came back has the shape the contract
 * promises and holds no NaN or infinity. A fault names the plugin and the jar it came from, so a
 * bad third-party plugin is not mistaken for an engine bug. Each check is one pass over a tensor
 * the plugin just spent at least as long computing ({@link #distribution} reads the weights once more,
 * still one pass over {@code n × m} values the plugin computed with at least as many operations). A plugin of the plugin folder also runs with its
 * own class loader as the thread context class loader ({@link #call}), so libraries it bundles that
 * look classes or resources up through it (ServiceLoader, JAXB, logging back ends) find its jars.
 *
 * @param loader the plugin folder loader, or null for class-path plugins (the context is left as is)
 */
record PluginFault(PluginKind kind, String id, String source, ClassLoader loader) {

    /** {@code body}'s result, computed with the plugin's loader as the thread's context class loader. */
    <R> R call(java.util.function.Supplier<R> body) {
        return PluginRegistry.inContext(loader, body);
    }

    void shape(String what, Tensor t, int[] expected, String given) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw fault("returned " + what + " of shape " + ShapeException.format(t.shape()) + " for " + given
                    + "; expected " + ShapeException.format(expected) + "; this is a fault of the plugin, report it to"
                    + " its author");
        }
    }

    void finite(String what, Tensor t) {
        if (!t.isFinite()) {
            // Finite inputs can still overflow (huge values, float32), so the data is not ruled out.
            throw fault("returned " + what + " with NaN or infinity; check the inputs' scale, else report it to"
                    + " the plugin's author");
        }
    }

    /**
     * Holds a distribution's weights {@code w [batch…, n, m]} to the {@link dev.attention.api.Distribution}
     * contract: each weight in [0, 1], and when {@code sumsToOne}, each row with an allowed key sums to
     * 1; a row with no allowed key is all zeros. Tolerances: {@link #weightTolerance} for one weight and
     * {@link #sumTolerance} for a row's sum. The first offending row is named (flattened batch index,
     * query row) with its value or sum. Masked positions of rows with an allowed key are not read
     * from the mask: finding one allowed key per row stops at the first, so the mask costs little.
     */
    void distribution(Tensor w, Mask mask, boolean sumsToOne) {
        int batches = w.batchSize();
        int n = w.rows();
        int m = w.cols();
        double one = weightTolerance(w.dtype());
        double sumTol = sumTolerance(w.dtype(), m);
        boolean all = mask.allowsAll();
        int k = 0;
        for (int b = 0; b < batches; b++) {
            for (int i = 0; i < n; i++) {
                double sum = 0;
                double abs = 0;
                for (int j = 0; j < m; j++, k++) {
                    double v = w.at(k);
                    if (!(v >= -one && v <= 1 + one)) {
                        throw fault("returned weight " + v + " at batch " + b + ", row " + i + ", key " + j
                                + ", outside [0, 1]; " + AUTHOR);
                    }
                    sum += v;
                    abs += Math.abs(v);
                }
                boolean allowed = all || anyAllowed(mask, b, i, m);
                if (!allowed && abs != 0) {
                    throw fault("returned nonzero weights (sum " + sum + ") at batch " + b + ", row " + i
                            + ", whose keys are all masked; such a row must be all zeros; " + AUTHOR);
                }
                if (allowed && sumsToOne && !(Math.abs(sum - 1) <= sumTol)) {
                    throw fault("returned weights summing to " + sum + " at batch " + b + ", row " + i
                            + "; it declares sumsToOne(), so each row must sum to 1 (within " + (float) sumTol
                            + "); " + AUTHOR);
                }
            }
        }
    }

    private static final String AUTHOR = "this is a fault of the plugin, report it to its author";

    private static boolean anyAllowed(Mask mask, int b, int i, int m) {
        for (int j = 0; j < m; j++) {
            if (mask.allows(b, i, j)) {
                return true;
            }
        }
        return false;
    }

    /**
     * How far one weight may stray outside [0, 1]: ten times the TCK's row-sum tolerance (1e-5 in
     * float32, 1e-6 in float64), so a plugin that passes its contract tests never fails here.
     */
    static double weightTolerance(DType dtype) {
        return dtype == DType.FLOAT32 ? 1e-4 : 1e-5;
    }

    /**
     * How far a row's sum may stray from 1 over {@code m} keys: {@link #weightTolerance} plus the
     * worst-case error of summing {@code m} terms one by one in the dtype, {@code m·ε} (ε = 2⁻²³ in
     * float32, 2⁻⁵² in float64), for plugins that normalise by a sum they accumulated in float32.
     */
    static double sumTolerance(DType dtype, int m) {
        double eps = dtype == DType.FLOAT32 ? 0x1p-23 : 0x1p-52;
        return weightTolerance(dtype) + m * eps;
    }

    private PluginException fault(String problem) {
        return new PluginException(id, source, kind.id() + " '" + id + "' (from " + source + ") " + problem);
    }

    /** {@code a}'s shape with the last axis replaced by {@code cols}. */
    static int[] withCols(int[] a, int cols) {
        int[] out = a.clone();
        out[out.length - 1] = cols;
        return out;
    }
}
