package dev.attention.variants;

import dev.attention.api.DataException;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Arrays;

/**
 * The neighbour blocks of a graph in compressed rows: node {@code i} attends over the sources
 * {@code source[start[i]] < … < source[start[i + 1] − 1]} (ascending, each once). Built from an
 * {@code edges [e, 2]} tensor of node indices in {@code O(e log e)} time and {@code O(e + n)}
 * memory, never {@code n²}. Immutable.
 */
final class GraphNeighbours {
    /** How far from an integer an index may lie and still name that node (float files hold integers exactly). */
    static final double INDEX_TOLERANCE = 1e-4;

    private final int[] start;
    private final int[] source;

    private GraphNeighbours(int[] start, int[] source) {
        this.start = start;
        this.source = source;
    }

    /**
     * @param edges     {@code [e, 2]} rows {@code (j, i)}: source, target
     * @param nodes     the node count n
     * @param directed  true: row {@code (j, i)} lets i attend to j only; false: both ways
     * @param selfLoops add {@code (i, i)} for every node
     * @throws ShapeException for edges not {@code [e, 2]}
     * @throws DataException naming the row for an index that is not an integer in {@code [0, n)}
     */
    static GraphNeighbours of(Tensor edges, int nodes, boolean directed, boolean selfLoops) {
        if (edges.rank() != 2 || edges.cols() != 2) {
            throw new ShapeException("graph input 'edges' must be [e, 2] (one source, target pair per row), got "
                    + ShapeException.format(edges.shape()));
        }
        int e = edges.rows();
        long[] keys = new long[(directed ? e : 2 * e) + (selfLoops ? nodes : 0)];
        int k = 0;
        for (int r = 0; r < e; r++) {
            int j = index(edges, r, 0, nodes);
            int i = index(edges, r, 1, nodes);
            keys[k++] = (long) i * nodes + j;
            if (!directed) {
                keys[k++] = (long) j * nodes + i;
            }
        }
        for (int i = 0; selfLoops && i < nodes; i++) {
            keys[k++] = (long) i * nodes + i;
        }
        Arrays.sort(keys);
        int[] start = new int[nodes + 1];
        int[] source = new int[keys.length];
        int count = 0;
        for (int t = 0; t < keys.length; t++) {
            if (t > 0 && keys[t] == keys[t - 1]) {
                continue;
            }
            int i = (int) (keys[t] / nodes);
            source[count++] = (int) (keys[t] % nodes);
            start[i + 1]++;
        }
        for (int i = 0; i < nodes; i++) {
            start[i + 1] += start[i];
        }
        return new GraphNeighbours(start, Arrays.copyOf(source, count));
    }

    private static int index(Tensor edges, int r, int c, int nodes) {
        double v = edges.get(r, c);
        String where = "graph input 'edges' row " + r + " (counting from 0), " + (c == 0 ? "source" : "target");
        long rounded = Math.round(v);
        if (!Double.isFinite(v) || Math.abs(v - rounded) > INDEX_TOLERANCE) {
            throw new DataException(null, 0, null, where + " is " + v
                    + ", not a node index; edges hold whole numbers 0.." + (nodes - 1));
        }
        if (rounded < 0 || rounded >= nodes) {
            throw new DataException(null, 0, null, where + " names node " + rounded + ", but 'nodes' has "
                    + nodes + " rows (indices 0.." + (nodes - 1) + "); fix the edge or add the node");
        }
        return (int) rounded;
    }

    int nodes() {
        return start.length - 1;
    }

    /** Number of (target, source) pairs, self-loops included: the size of the weights. */
    int pairs() {
        return source.length;
    }

    /** Index of node i's first pair. */
    int start(int i) {
        return start[i];
    }

    int degree(int i) {
        return start[i + 1] - start[i];
    }

    /** The source of pair {@code t}. */
    int source(int t) {
        return source[t];
    }
}
