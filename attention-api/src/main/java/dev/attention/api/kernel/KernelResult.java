package dev.attention.api.kernel;

import dev.attention.api.Tensor;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link AttentionKernel#attend} returns: the output (the queries' layout, width {@code d_v}
 * per head), the weights when {@link KernelSpec#weights(boolean) asked for}
 * ({@link KernelShape#weightsShape()}, after dropout: the weights the values were summed with),
 * and per query row the log-sum-exp of its visible {@code z_ij} ({@code −∞} for a row that sees no
 * key), from which the backward pass recomputes any weight. Immutable.
 */
public final class KernelResult {
    private final Tensor output;
    private final Tensor weights;
    private final double[] logSumExp;

    /**
     * @param logSumExp one per row {@link KernelShape#row(int, int, int)}; taken, not copied
     */
    public KernelResult(Tensor output, Tensor weights, double[] logSumExp) {
        this.output = Objects.requireNonNull(output, "output");
        this.weights = weights;
        this.logSumExp = Objects.requireNonNull(logSumExp, "logSumExp");
    }

    public Tensor output() {
        return output;
    }

    public Optional<Tensor> weights() {
        return Optional.ofNullable(weights);
    }

    /** The log-sum-exp of row {@code KernelShape.row(b, h, i)}. */
    public double logSumExp(int row) {
        return logSumExp[row];
    }

    /** Rows with a log-sum-exp. */
    public int rows() {
        return logSumExp.length;
    }

    /** A copy of every row's log-sum-exp. */
    public double[] logSumExps() {
        return logSumExp.clone();
    }

    @Override
    public String toString() {
        return "KernelResult(output " + java.util.Arrays.toString(output.shape())
                + (weights == null ? "" : ", weights") + ")";
    }
}
