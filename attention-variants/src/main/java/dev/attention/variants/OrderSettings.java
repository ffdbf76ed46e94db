package dev.attention.variants;

import dev.attention.api.spi.ParameterSpec;

/**
 * The {@code causal} and {@code window} parameters of the variants that mask by position order
 * ({@link PositionMasks#order}): self, cross, multi-head and multidimensional declare them alike,
 * so the names, defaults and texts live here once.
 */
final class OrderSettings {
    static final String CAUSAL = "causal";
    static final String WINDOW = "window";

    private OrderSettings() {
    }

    /** {@code causal} over queries and keys that may differ in length (cross, multi-head, multidimensional). */
    static ParameterSpec causal() {
        return causal("query i sees only keys j ≤ i (top-left aligned, as torch.ones(n, m).tril())");
    }

    static ParameterSpec causal(String doc) {
        return ParameterSpec.booleanParam(CAUSAL).defaultValue(false).doc(doc);
    }

    static ParameterSpec window() {
        return ParameterSpec.intParam(WINDOW).defaultValue(0).atLeast(0)
                .doc("sliding window W: with causal i − W < j ≤ i, without |i − j| < W; 0 = no window");
    }
}
