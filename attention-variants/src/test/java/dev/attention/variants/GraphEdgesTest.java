package dev.attention.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.attention.api.AttentionException;
import dev.attention.api.AttentionInputs;
import dev.attention.api.AttentionResult;
import dev.attention.api.DType;
import dev.attention.api.Tensor;
import dev.attention.api.Variant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Neighbour blocks by hand, and one clear line for each kind of bad edge. */
class GraphEdgesTest {
    private static final Tensor NODES = Tensor.matrix(DType.FLOAT64, new double[] {1, 0}, new double[] {0, 1},
            new double[] {1, 1});

    private static Variant graph(Map<String, Object> parameters) {
        return InputFixtures.create(Fixtures.provider("graph"), parameters, Map.of("nodes", 2));
    }

    private static AttentionResult run(Map<String, Object> parameters, double[]... edges) {
        return graph(parameters).forward(AttentionInputs.builder().put("nodes", NODES)
                .put("edges", Tensor.matrix(DType.FLOAT64, edges)).build());
    }

    @Test
    void a_directed_edge_lets_its_target_attend_to_its_source_and_self_loops_keep_each_node() {
        // Edge 0 → 1: node 1 attends over {0, 1} with dot scores h1·h0 = 0, h1·h1 = 1; nodes 0 and 2 only over themselves.
        AttentionResult r = run(Map.of("project", false, "directed", true), new double[] {0, 1});
        double w0 = 1 / (1 + Math.E);
        double w1 = Math.E / (1 + Math.E);
        assertArrayEquals(new double[] {1, 0, w0, w1, 1, 1}, r.output().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {1, w0, w1, 1}, r.weights().orElseThrow().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 1, 0, 1, 1, 2, 2}, r.get(GraphVariant.PAIRS).toDoubleArray());
    }

    @Test
    void undirected_edges_link_both_ways_and_repeats_count_once() {
        // 0 – 1 given twice and once reversed: node 0 attends over {0, 1} (scores 1, 0), node 1 over {0, 1}.
        AttentionResult r = run(Map.of("project", false), new double[] {0, 1}, new double[] {1, 0}, new double[] {0, 1});
        double a = Math.E / (1 + Math.E);
        double b = 1 / (1 + Math.E);
        assertArrayEquals(new double[] {a, b, b, a, 1}, r.weights().orElseThrow().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0, 1, 1, 0, 1, 1, 2, 2}, r.get(GraphVariant.PAIRS).toDoubleArray());
    }

    @Test
    void a_node_without_neighbours_gets_a_zero_output() {
        AttentionResult r = run(Map.of("project", false, "directed", true, "self-loops", false), new double[] {0, 1});
        // Node 1 attends over node 0 alone; nodes 0 and 2 over nothing.
        assertArrayEquals(new double[] {0, 0, 1, 0, 0, 0}, r.output().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {1}, r.weights().orElseThrow().toDoubleArray(), 1e-12);
    }

    private static String refusal(double[]... edges) {
        AttentionException e = assertThrows(AttentionException.class, () -> run(Map.of(), edges));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void an_edge_naming_a_node_that_does_not_exist_is_refused_naming_the_row() {
        assertEquals("graph input 'edges' row 1 (counting from 0), target names node 3, but 'nodes' has 3 rows"
                + " (indices 0..2); fix the edge or add the node", refusal(new double[] {0, 1}, new double[] {2, 3}));
    }

    @Test
    void a_negative_index_is_refused_naming_the_row() {
        assertEquals("graph input 'edges' row 0 (counting from 0), source names node -1, but 'nodes' has 3 rows"
                + " (indices 0..2); fix the edge or add the node", refusal(new double[] {-1, 1}));
    }

    @Test
    void a_fractional_index_is_refused_naming_the_row() {
        assertEquals("graph input 'edges' row 0 (counting from 0), target is 1.5, not a node index; edges hold"
                + " whole numbers 0..2", refusal(new double[] {0, 1.5}));
        assertEquals("graph input 'edges' row 0 (counting from 0), source is NaN, not a node index; edges hold"
                + " whole numbers 0..2", refusal(new double[] {Double.NaN, 1}));
    }

    @Test
    void edges_that_are_not_pairs_are_refused() {
        AttentionException e = assertThrows(AttentionException.class, () -> graph(Map.of()).forward(AttentionInputs
                .builder().put("nodes", NODES).put("edges", Tensor.zeros(DType.FLOAT64, 2, 3)).build()));
        assertEquals("graph input 'edges' must be [e, 2] (one source, target pair per row), got [2, 3]", e.getMessage());
    }
}
