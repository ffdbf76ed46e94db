package dev.attention.variants;

import dev.attention.api.Mode;
import dev.attention.api.Tensor;

/**
 * Inverted dropout on attention weights: in {@link Mode#TRAIN} each weight is zeroed with
 * probability {@code p} and the survivors are scaled by {@code 1/(1 − p)}, so a weight's expected
 * value is unchanged and {@link Mode#EVAL} needs no rescaling. Whether {@code (batch, head, i, j)}
 * is dropped is a {@link CounterRandom} hash of the seed, the training step
 * ({@code AttentionInputs.step()}) and those coordinates, so a forward pass is reproducible and its
 * backward pass sees the same mask without storing it. The step is in the hash because without it
 * every training step dropped the same weights: a fixed pruning rather than dropout.
 */
final class AttentionDropout {
    private final double p;
    private final long seed;
    private final long step;

    AttentionDropout(double p, long seed) {
        this(p, seed, 0);
    }

    private AttentionDropout(double p, long seed, long step) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + p);
        }
        this.p = p;
        this.seed = seed;
        this.step = step;
    }

    /** The same dropout at training step {@code step}: another mask, as reproducible as this one. */
    AttentionDropout atStep(long step) {
        return new AttentionDropout(p, seed, step);
    }

    double probability() {
        return p;
    }

    /** True when weights are dropped in {@code mode}: training with {@code p > 0}. */
    boolean active(Mode mode) {
        return p > 0 && mode == Mode.TRAIN;
    }

    /** The factor weight {@code (b, head, i, j)} is multiplied by: 0 or {@code 1/(1 − p)}. */
    double factor(int b, int head, int i, int j) {
        return CounterRandom.uniform(seed, step, b, head, i, j) < p ? 0 : 1 / (1 - p);
    }

    /** {@code weights ⊙ factors} of head {@code head}. */
    Tensor apply(Tensor weights, int head) {
        Tensor.Builder out = Tensor.builder(weights.dtype(), weights.shape());
        for (int b = 0; b < weights.batchSize(); b++) {
            for (int i = 0; i < weights.rows(); i++) {
                for (int j = 0; j < weights.cols(); j++) {
                    double w = weights.get(b, i, j);
                    // A zero weight stays zero; skipping the hash keeps masked positions cheap.
                    out.set(b, i, j, w == 0 ? 0 : w * factor(b, head, i, j));
                }
            }
        }
        return out.build();
    }
}
