package dev.attention.variants;

import dev.attention.api.Alignment;
import dev.attention.api.Independence;
import dev.attention.api.Tensor;

/**
 * The general path's view of a score bias: {@code s_ij = a(K_j, Q_i) + bias[b, h, i, j]} for one
 * head {@code h} of {@link DataMasks}, with {@code −∞} entries left to the mask that hides them.
 * Made per forward pass, never stored in a variant. The bias is a constant, so the backward pass
 * and the parameters are the inner alignment's.
 */
final class BiasedAlignment extends ConstantShiftAlignment {
    private final DataMasks masks;
    private final int head;

    private BiasedAlignment(Alignment inner, DataMasks masks, int head) {
        super(inner);
        this.masks = masks;
        this.head = head;
    }

    /** {@code inner} with head {@code head}'s bias of {@code masks}; {@code inner} itself when there is none. */
    static Alignment of(Alignment inner, DataMasks masks, int head) {
        return masks.hasBias() ? new BiasedAlignment(inner, masks, head) : inner;
    }

    @Override
    Tensor shift(Tensor scores) {
        return masks.addBias(scores, head);
    }

    @Override
    Alignment around(Alignment other) {
        return new BiasedAlignment(other, masks, head);
    }

    /** The bias is indexed by batch element and position: nothing is independent of it. */
    @Override
    public Independence independence() {
        return Independence.NONE;
    }

    @Override
    public String toString() {
        return "biased(" + inner() + ")";
    }
}
