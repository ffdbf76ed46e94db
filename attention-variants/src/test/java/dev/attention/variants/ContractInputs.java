package dev.attention.variants;

import dev.attention.api.Tensor;
import dev.attention.tck.GradientCheck;

/**
 * Fixed pseudo-random inputs shared by the contract subclasses: batch 2, n = 3 queries, m = 4
 * keys, d = 2, d_v = 2. Values in [-1, 1) keep softmax away from saturation.
 */
final class ContractInputs {
    static final int BATCH = 2;
    static final int N = 3;
    static final int M = 4;
    static final int D = 2;
    static final int DV = 2;

    private ContractInputs() {
    }

    static Tensor queries() {
        return GradientCheck.random(new int[] {BATCH, N, D}, 11, -1, 1);
    }

    static Tensor keys() {
        return GradientCheck.random(new int[] {BATCH, M, D}, 12, -1, 1);
    }

    static Tensor values() {
        return GradientCheck.random(new int[] {BATCH, M, DV}, 13, -1, 1);
    }
}
