package dev.attention.variants;

import dev.attention.api.Mode;
import dev.attention.api.Tensor;
import dev.attention.api.kernel.Dropout;

/**
 * Inverted dropout on attention weights: in {@link Mode#TRAIN} each weight is zeroed with
 * probability {@code p} and the survivors are scaled by {@code 1/(1 − p)}, so a weight's expected
 * value is unchanged and {@link Mode#EVAL} needs no rescaling. Whether {@code (batch, head, i, j)}
 * is dropped is the kernel's {@link Dropout}: a {@link dev.attention.api.kernel.CounterRandom} hash
 * of the seed, the training step ({@code AttentionInputs.step()}) and those coordinates, so a
 * forward pass is reproducible, its backward pass sees the same mask without storing it, and the
 * fused kernel given {@link #kernelDropout()} drops exactly the weights this class drops. The step
 * is in the hash because without it every training step dropped the same weights: a fixed pruning
 * rather than dropout.
 */
final class AttentionDropout {
    private final Dropout dropout;

    AttentionDropout(double p, long seed) {
        this(p, seed, 0);
    }

    /** @throws IllegalArgumentException unless {@code p} is in [0, 1) */
    private AttentionDropout(double p, long seed, long step) {
        this.dropout = new Dropout(p, seed, step);
    }

    /** The same dropout at training step {@code step}: another mask, as reproducible as this one. */
    AttentionDropout atStep(long step) {
        return new AttentionDropout(dropout.p(), dropout.seed(), step);
    }

    double probability() {
        return dropout.p();
    }

    /** True when weights are dropped in {@code mode}: training with {@code p > 0}. */
    boolean active(Mode mode) {
        return dropout.p() > 0 && mode == Mode.TRAIN;
    }

    /** The factor weight {@code (b, head, i, j)} is multiplied by: 0 or {@code 1/(1 − p)}. */
    double factor(int b, int head, int i, int j) {
        return dropout.factor(b, head, i, j);
    }

    /**
     * This dropout (seed, step, p) for {@link dev.attention.api.kernel.KernelSpec#dropout}: the
     * kernel then drops weight {@code (b, h, i, j)} exactly when {@link #factor} is 0.
     */
    Dropout kernelDropout() {
        return dropout;
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
