package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.AttentionException;
import dev.attention.api.Distribution;
import dev.attention.api.Independence;
import dev.attention.api.Tensor;
import java.util.Map;
import java.util.Objects;

/**
 * Hard attention: each query attends to only {@code k} of its keys,
 * <pre>
 *   w_i      = f(a(K, Q_i))                          over the real keys
 *   C_i      = top-k of w_i, or k keys sampled ∝ w_i  (see {@link HardChoice})
 *   w'_ij    = w_ij / Σ_{c∈C_i} w_ic  for j ∈ C_i, else 0     weights   [batch…, n, m]
 *   output_i = Σ_{j∈C_i} w'_ij · V_j                          output    [batch…, n, d_v]
 *   positions[b, i, t] = the t-th chosen key, −1 if none      positions [batch…, n, k]
 * </pre>
 * Inputs as for global attention ({@link QkvBinding}). {@code positions} are in rank order for
 * top-k (position 0 is the argmax) and in draw order for sampling, stored as numbers in the
 * queries' dtype. Each weight row sums to 1 except rows with no real key (or zero chosen weight),
 * which are all zero. A row with fewer than {@code k} real keys uses all of them; {@code k}
 * larger than the data's key count {@code m} is refused at run time.
 *
 * <p>Backward differentiates through the renormalised weights with the choice held constant;
 * {@code positions} are piecewise constant, so a gradient given for them contributes nothing.
 * Immutable and thread-safe.
 */
final class HardVariant extends MaskedQkvVariant {
    static final String POSITIONS = "positions";
    private static final String NAME = "hard attention";

    private final int k;
    private final HardChoice.Mode mode;
    private final long seed;

    HardVariant(Alignment alignment, Distribution distribution, int k, HardChoice.Mode mode, long seed) {
        this(new Components(alignment, distribution), k, mode, seed);
    }

    private HardVariant(Components components, int k, HardChoice.Mode mode, long seed) {
        super(NAME, components);
        if (k < 1) {
            throw new IllegalArgumentException("k must be ≥ 1, got " + k);
        }
        this.k = k;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.seed = seed;
    }

    @Override
    HardVariant with(Components c) {
        return new HardVariant(c, k, mode, seed);
    }

    @Override
    public String toString() {
        return "HardVariant(k=" + k + ", " + mode.id + ", " + components + ")";
    }

    /**
     * Scores, the choice and the output over the real keys. The choice, a distribution itself, carries
     * the backward pass through the renormalisation.
     */
    @Override
    Pass pass(QkvBinding in) {
        int m = in.keys.rows();
        if (k > m) {
            throw new AttentionException(NAME + ": k = " + k + " but the data has only " + m
                    + " keys; set 'k' to at most " + m);
        }
        HardChoice choice = new HardChoice(components.distribution(), k, mode, seed);
        Tensor scores = Attend.scores(components.alignment(), in.queries, in.keys);
        Tensor w = Attend.weights(components.distribution(), scores, in.padding);
        HardChoice.Selection s = choice.select(w, in.padding);
        return new Pass(in.keys, in.rawValues, in.padding, choice,
                new Attend.Forward(scores, s.weights(), Attend.weightedSum(s.weights(), in.values, in.padding)),
                Map.of(POSITIONS, s.positions()));
    }

    /** Top-k picks from the query's own scores; sampling hashes (batch, row) positions into its draws. */
    @Override
    Independence ownIndependence() {
        return mode == HardChoice.Mode.SAMPLE ? Independence.NONE : Independence.ALL;
    }
}
