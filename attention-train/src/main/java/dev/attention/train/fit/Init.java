package dev.attention.train.fit;

/**
 * How learned parameters start. {@link Keep} (the default) leaves the plugins' own initialisation.
 * The other schemes redraw every parameter with more than one element, seen as {@code [out, in]}
 * (PyTorch's layout): one-element parameters such as {@code log_sigma} are starting values the
 * configuration sets ({@code sigma: 0.5}) and are kept. Draws come from the fit's seed, in
 * parameter order.
 */
public sealed interface Init permits Init.Keep, Init.Xavier, Init.He, Init.Constant {

    /** The plugins' own initialisation. */
    record Keep() implements Init {
    }

    /** Glorot uniform: {@code U(−a, a)}, {@code a = √(6 / (in + out))}. */
    record Xavier() implements Init {
    }

    /** He (Kaiming) uniform for ReLU-like layers: {@code U(−a, a)}, {@code a = √(6 / in)}. */
    record He() implements Init {
    }

    /** Every element {@code value}. */
    record Constant(double value) implements Init {
        public Constant {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("init value must be finite, got " + value);
            }
        }
    }

    static Init keep() {
        return new Keep();
    }
}
