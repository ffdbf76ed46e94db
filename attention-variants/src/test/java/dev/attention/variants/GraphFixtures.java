package dev.attention.variants;

import dev.attention.api.AttentionInputs;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.tck.GradientCheck;

/** A small graph for the graph-attention tests: 5 nodes of width 3, a path 0–1–2–3 and a chord 3–1; node 4 has no edge. */
final class GraphFixtures {
    static final int NODES = 5;
    static final int D = 3;

    private GraphFixtures() {
    }

    static Tensor nodes() {
        return GradientCheck.random(new int[] {NODES, D}, 23, -1, 1);
    }

    /** Rows (source, target). */
    static Tensor edges() {
        return Tensor.matrix(DType.FLOAT64, new double[] {0, 1}, new double[] {1, 2}, new double[] {2, 3},
                new double[] {3, 1});
    }

    static AttentionInputs inputs() {
        return AttentionInputs.builder().put(GraphVariant.NODES, nodes()).put(GraphVariant.EDGES, edges()).build();
    }
}
