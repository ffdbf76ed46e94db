package dev.attention.variants;

import dev.attention.api.Distribution;
import dev.attention.api.DistributionGradients;
import dev.attention.api.Mask;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.CounterRandom;
import java.util.Objects;

/**
 * A distribution followed by a hard choice of keys: per query row, {@code k} of the allowed keys
 * are chosen from the inner weights {@code w} and their weights renormalised,
 * {@code w'_j = w_j / Σ_{c∈C} w_c} for {@code j ∈ C}, 0 elsewhere. Being itself a
 * {@link Distribution}, it lets {@link Attend} run the hard variant's backward pass unchanged.
 *
 * <p>{@link Mode#TOP_K} takes the largest weights, ties to the lower index, in rank order.
 * {@link Mode#SAMPLE} draws without replacement with probabilities proportional to the weights
 * still available; draw {@code t} of row {@code (b, i)} uses {@link CounterRandom} at
 * {@code (seed, b, i, t)}, so equal seeds and weights give equal picks on every call. Once no
 * allowed key has positive weight left, the remaining picks are the lowest unpicked indices (their
 * weight is 0, so they do not change the output). A row with fewer than {@code k} allowed keys
 * takes all of them; a row whose chosen weights sum to 0 is all zeros.
 *
 * <p>Backward treats the choice as constant: {@code dL/dw_c = (g_c − Σ_{c'∈C} w'_{c'} g_{c'}) / Σ_{c∈C} w_c}
 * on chosen keys and 0 elsewhere, then the inner distribution's backward pass.
 */
final class HardChoice implements Distribution {

    /** How the keys are chosen. */
    enum Mode {
        TOP_K("top-k"), SAMPLE("sample");

        final String id;

        Mode(String id) {
            this.id = id;
        }

        static Mode fromId(String id) {
            for (Mode m : values()) {
                if (m.id.equals(id)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown mode '" + id + "'");
        }
    }

    /** Renormalised weights {@code [batch…, n, m]} and chosen indices {@code [batch…, n, k]} (−1 = none). */
    record Selection(Tensor weights, Tensor positions) {
    }

    private final Distribution inner;
    private final int k;
    private final Mode mode;
    private final long seed;

    HardChoice(Distribution inner, int k, Mode mode, long seed) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.k = k;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.seed = seed;
    }

    /** Chooses from inner weights {@code w}. */
    Selection select(Tensor w, Mask mask) {
        int[] posShape = w.shape();
        posShape[posShape.length - 1] = k;
        Tensor.Builder out = Tensor.builder(w.dtype(), w.shape());
        Tensor.Builder positions = Tensor.builder(w.dtype(), posShape);
        for (int b = 0; b < w.batchSize(); b++) {
            for (int i = 0; i < w.rows(); i++) {
                int[] chosen = choose(w, mask, b, i);
                double z = chosenSum(w, b, i, chosen);
                for (int t = 0; t < k; t++) {
                    positions.set(b, i, t, t < chosen.length ? chosen[t] : -1);
                }
                if (z > 0) {
                    for (int c : chosen) {
                        out.set(b, i, c, w.get(b, i, c) / z);
                    }
                }
            }
        }
        return new Selection(out.build(), positions.build());
    }

    @Override
    public Tensor weights(Tensor scores, Mask mask) {
        return select(inner.weights(scores, mask), mask).weights();
    }

    @Override
    public DistributionGradients backward(Tensor scores, Mask mask, Tensor weights, Tensor weightGradient) {
        Tensor w = inner.weights(scores, mask);
        Tensor.Builder dw = Tensor.builder(scores.dtype(), scores.shape());
        for (int b = 0; b < w.batchSize(); b++) {
            for (int i = 0; i < w.rows(); i++) {
                int[] chosen = choose(w, mask, b, i);
                double z = chosenSum(w, b, i, chosen);
                if (z <= 0) {
                    continue; // the row is constantly zero
                }
                double mean = 0;
                for (int c : chosen) {
                    mean += w.get(b, i, c) / z * weightGradient.get(b, i, c);
                }
                for (int c : chosen) {
                    dw.set(b, i, c, (weightGradient.get(b, i, c) - mean) / z);
                }
            }
        }
        return inner.backward(scores, mask, w, dw.build());
    }

    /** Renormalised rows sum to 1 whatever the inner distribution does. */
    @Override
    public boolean sumsToOne() {
        return true;
    }

    @Override
    public Parameters parameters() {
        return inner.parameters();
    }

    /** The chosen keys of row {@code (b, i)}, in choice order. */
    private int[] choose(Tensor w, Mask mask, int b, int i) {
        int m = w.cols();
        int allowed = 0;
        for (int j = 0; j < m; j++) {
            allowed += mask.allows(b, i, j) ? 1 : 0;
        }
        boolean[] taken = new boolean[m];
        int[] chosen = new int[Math.min(k, allowed)];
        for (int t = 0; t < chosen.length; t++) {
            chosen[t] = mode == Mode.TOP_K ? largest(w, mask, b, i, taken) : draw(w, mask, b, i, t, taken);
            taken[chosen[t]] = true;
        }
        return chosen;
    }

    /** The allowed, untaken key with the largest weight; strict {@code >} keeps the lower index on ties. */
    private static int largest(Tensor w, Mask mask, int b, int i, boolean[] taken) {
        int best = -1;
        for (int j = 0; j < taken.length; j++) {
            if (!taken[j] && mask.allows(b, i, j) && (best < 0 || w.get(b, i, j) > w.get(b, i, best))) {
                best = j;
            }
        }
        return best;
    }

    private int draw(Tensor w, Mask mask, int b, int i, int t, boolean[] taken) {
        double remaining = 0;
        int firstFree = -1;
        for (int j = 0; j < taken.length; j++) {
            if (!taken[j] && mask.allows(b, i, j)) {
                remaining += Math.max(0, w.get(b, i, j));
                firstFree = firstFree < 0 ? j : firstFree;
            }
        }
        if (remaining <= 0) {
            return firstFree;
        }
        double u = CounterRandom.uniform(seed, b, i, t) * remaining;
        double cumulative = 0;
        int last = firstFree;
        for (int j = 0; j < taken.length; j++) {
            double wj = w.get(b, i, j);
            if (!taken[j] && mask.allows(b, i, j) && wj > 0) {
                cumulative += wj;
                last = j;
                if (u < cumulative) {
                    return j;
                }
            }
        }
        return last; // u fell past the last boundary by rounding
    }

    private static double chosenSum(Tensor w, int b, int i, int[] chosen) {
        double z = 0;
        for (int c : chosen) {
            z += w.get(b, i, c);
        }
        return z;
    }
}
