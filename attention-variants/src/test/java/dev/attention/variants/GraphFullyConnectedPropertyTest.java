package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import dev.attention.tck.GradientCheck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * On a fully connected graph with self-loops every node's neighbour block is every node in index
 * order, so graph attention without projection is self-attention with the same alignment and
 * distribution: the same outputs, and its per-pair weights are the rows of self's [n, n] weights.
 * The edges come in any order, undirected (each pair once) or directed (both ways).
 */
class GraphFullyConnectedPropertyTest {

    @Property(tries = 60)
    void graph_attention_on_a_complete_graph_is_self_attention(@ForAll @IntRange(min = 1, max = 6) int n,
            @ForAll @IntRange(min = 1, max = 3) int d, @ForAll boolean directed, @ForAll long seed) {
        Tensor x = GradientCheck.random(new int[] {n, d}, seed, -2, 2);
        List<double[]> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = directed ? 0 : i + 1; j < n; j++) {
                if (i != j) {
                    edges.add(new double[] {j, i});
                }
            }
        }
        Collections.shuffle(edges, new Random(seed));
        Tensor e = edges.isEmpty() ? Tensor.zeros(DType.FLOAT64, 0, 2) : Tensor.matrix(DType.FLOAT64, edges.toArray(double[][]::new));

        Variant graph = InputFixtures.create(Fixtures.provider("graph"),
                Map.of("project", false, "directed", directed), Map.of("nodes", d));
        Variant self = InputFixtures.create(Fixtures.provider("self"), Map.of(), Map.of("sequence", d));
        AttentionResult g = graph.forward(AttentionInputs.builder().put("nodes", x).put("edges", e).build());
        AttentionResult s = self.forward(AttentionInputs.builder().put("sequence", x).build());

        assertArrayEquals(s.output().shape(), g.output().shape(), "output shape");
        double[] so = s.output().toDoubleArray();
        double[] go = g.output().toDoubleArray();
        for (int k = 0; k < so.length; k++) {
            assertEquals(so[k], go[k], 1e-12, "output element " + k);
        }
        double[] sw = s.weights().orElseThrow().toDoubleArray();
        double[] gw = g.weights().orElseThrow().toDoubleArray();
        assertEquals(n * n, gw.length, "one weight per (target, source) pair");
        for (int k = 0; k < sw.length; k++) {
            assertEquals(sw[k], gw[k], 1e-12, "weight " + k / n + ", " + k % n);
        }
    }
}
