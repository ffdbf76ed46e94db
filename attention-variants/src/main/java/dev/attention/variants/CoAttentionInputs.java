package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.api.InputSpec;
import dev.attention.api.Mask;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The two sequences of co-attention, {@code a [batch…, n, d_a]} and {@code b [batch…, m, d_b]}
 * (equal batch dimensions, {@code b} in {@code a}'s dtype), with their real lengths and the key
 * masks that keep each side's padding out of its attention.
 */
record CoAttentionInputs(Tensor a, Tensor b, int[] lengthsA, int[] lengthsB, Mask maskA, Mask maskB) {
    static final String A = "a";
    static final String B = "b";

    static final List<InputSpec> INPUTS = List.of(
            InputSpec.required(A, "[batch…, n, d_a] first sequence (e.g. question words); lengths mark padding"),
            InputSpec.required(B, "[batch…, m, d_b] second sequence (e.g. image regions); lengths mark padding"));

    static CoAttentionInputs of(AttentionInputs inputs) {
        Tensor a = inputs.tensor(A);
        Tensor b = inputs.tensor(B).to(a.dtype());
        if (!Arrays.equals(a.batchShape(), b.batchShape())) {
            throw new ShapeException("co-attention needs equal batch dimensions: a " + ShapeException.format(a.shape())
                    + ", b " + ShapeException.format(b.shape()));
        }
        Optional<int[]> la = inputs.lengths(A);
        Optional<int[]> lb = inputs.lengths(B);
        return new CoAttentionInputs(a, b, la.orElseGet(() -> full(a)), lb.orElseGet(() -> full(b)),
                PositionMasks.padding(Optional.empty(), la), PositionMasks.padding(Optional.empty(), lb));
    }

    /** True when row {@code i} of {@code a} and row {@code j} of {@code b} in element {@code e} are real. */
    boolean realPair(int e, int i, int j) {
        return i < lengthsA[e] && j < lengthsB[e];
    }

    private static int[] full(Tensor t) {
        int[] l = new int[t.batchSize()];
        Arrays.fill(l, t.rows());
        return l;
    }
}
