package dev.attention.io.tensor;

import dev.attention.api.Tensor;

/**
 * The rule CSV cells already follow, for tensors read from files: every value finite. NaN or
 * infinity in an input or a parameter would only surface later as a NaN result, far from its cause.
 */
public final class FiniteValues {
    private FiniteValues() {
    }

    /** Refuses NaN and infinity, naming the first offending element by its row-major index. */
    public static void check(String file, String tensor, Tensor t) {
        if (t.isFinite()) {
            return;
        }
        for (int k = 0, n = t.size(); k < n; k++) {
            if (!Double.isFinite(t.at(k))) {
                String where = "element " + k + " (row-major) is " + t.at(k)
                        + "; remove or impute NaN and infinite values";
                throw tensor == null ? Problems.inFile(file, where) : Problems.inTensor(file, tensor, where);
            }
        }
    }
}
