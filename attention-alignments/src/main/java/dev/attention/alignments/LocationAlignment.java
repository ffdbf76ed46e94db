package dev.attention.alignments;

import dev.attention.api.Alignment;
import dev.attention.api.AlignmentGradients;
import dev.attention.api.Parameters;
import dev.attention.api.ShapeException;
import dev.attention.api.Tensor;
import java.util.Map;

/**
 * {@code scores_i = (W q_i)[0..m)} with a learnable {@code W [S, d_q]}: one score per key position
 * from the query alone, for up to S positions; the keys only give their count m. Immutable.
 */
final class LocationAlignment implements Alignment {
    static final String ID = "location";
    static final String W = "W";
    static final String MAX_POSITIONS = "max-positions";
    private final Weights weights;
    private final int positions;
    private final int dq;

    /** @param weights holding {@code W [S, d_q]} */
    LocationAlignment(Weights weights) {
        this.weights = weights;
        Tensor w = weights.parameters().get(W);
        this.positions = w.rows();
        this.dq = w.cols();
    }

    @Override
    public Tensor scores(Tensor queries, Tensor keys) {
        Operands o = operands(queries, keys);
        int rows = o.batch * o.n;
        double[] all = Linear.forward(o.queries, rows, weights.values(W), positions, dq);
        double[] s = new double[rows * o.m];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(all, r * positions, s, r * o.m, o.m);
        }
        return o.scores(s);
    }

    /**
     * The score gradient fills the first m of the S positions (the rest get 0) and flows back
     * through the linear map; the keys get a zero gradient, since only their count matters.
     */
    @Override
    public AlignmentGradients backward(Tensor queries, Tensor keys, Tensor scoreGradient) {
        Operands o = operands(queries, keys);
        double[] g = o.scoreGradient(ID, scoreGradient);
        int rows = o.batch * o.n;
        double[] dAll = new double[rows * positions];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(g, r * o.m, dAll, r * positions, o.m);
        }
        double[] w = weights.values(W);
        double[] dQueries = new double[o.queries.length];
        double[] dW = new double[w.length];
        Linear.backward(o.queries, rows, w, positions, dq, dAll, dQueries, dW);
        return o.gradients(dQueries, new double[o.keys.length], weights.gradients(Map.of(W, dW)));
    }

    private Operands operands(Tensor queries, Tensor keys) {
        Operands o = Operands.sized(ID, queries, keys, dq, -1);
        if (o.m > positions) {
            throw new ShapeException(ID + " scores at most " + MAX_POSITIONS + " = " + positions + " keys, got "
                    + o.m + " (keys " + ShapeException.format(keys.shape()) + "); raise " + MAX_POSITIONS);
        }
        return o;
    }

    @Override
    public Parameters parameters() {
        return weights.parameters();
    }

    @Override
    public Alignment withParameters(Parameters parameters) {
        return new LocationAlignment(weights.with(parameters));
    }

    @Override
    public String toString() {
        return ID + "(" + weights + ")";
    }
}
