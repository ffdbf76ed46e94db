package dev.attention.variants;

import dev.attention.api.Tensor;

/**
 * Rotary position embeddings (RoPE; Su et al. 2021, "RoFormer"): each pair of a head's first
 * {@code dims} features is rotated by an angle proportional to the row's position, so that
 * {@code q_i·k_j} depends on {@code i − j} only through the rotation. For pair {@code p < dims/2}
 * and position {@code t = offset + i}:
 * <pre>
 *   θ_p = theta^(−2p / dims)        angle = t · θ_p
 *   (x_a, x_b) ← (x_a cos − x_b sin,  x_b cos + x_a sin)
 * </pre>
 * where the pair {@code (a, b)} is {@code (p, p + dims/2)} in the {@link Layout#ROTATE_HALF} layout
 * (Llama, Hugging Face's {@code rotate_half}) and {@code (2p, 2p + 1)} in the
 * {@link Layout#INTERLEAVED} one (GPT-J, the paper). Features {@code ≥ dims} pass unchanged (partial
 * rotary). The rotation is orthogonal, so the backward pass rotates the gradient by {@code −angle}.
 * Angles are computed in float64 and the result rounded once to the tensor's dtype.
 *
 * @param dims   rotated features per head: even, {@code 2 ≤ dims ≤ d_head}
 * @param theta  the base, {@code > 1} (10000 in most models)
 * @param layout which features form a pair
 */
record Rotary(int dims, double theta, Layout layout) {

    /** Which two features of a head are rotated together. */
    enum Layout {
        /** Pair {@code (p, p + dims/2)}: Llama, Mistral, Qwen, Gemma (Hugging Face {@code rotate_half}). */
        ROTATE_HALF,
        /** Pair {@code (2p, 2p + 1)}: GPT-J and the RoFormer paper. */
        INTERLEAVED
    }

    Rotary {
        if (dims < 2 || dims % 2 != 0) {
            throw new IllegalArgumentException("rotary dims must be even and ≥ 2, got " + dims);
        }
        if (!(theta > 1) || Double.isInfinite(theta)) {
            throw new IllegalArgumentException("rotary theta must be finite and > 1, got " + theta);
        }
    }

    /**
     * Rotates every head of {@code x} {@code [batch…, n, heads·dHead]}: row {@code i} sits at
     * position {@code offset + i} (an offset continues positions across streamed chunks and a KV cache).
     */
    Tensor apply(Tensor x, int heads, int offset) {
        return rotate(x, heads, offset, 1);
    }

    /** The backward pass of {@link #apply}: the gradient rotated back ({@code −angle}). */
    Tensor applyBackward(Tensor dy, int heads, int offset) {
        return rotate(dy, heads, offset, -1);
    }

    private Tensor rotate(Tensor x, int heads, int offset, int sign) {
        int width = x.cols();
        if (heads < 1 || width % heads != 0) {
            throw new IllegalArgumentException("rotary: " + width + " features do not split into " + heads + " heads");
        }
        int dHead = width / heads;
        if (dims > dHead) {
            throw new IllegalArgumentException("rotary dims " + dims + " exceed the head width " + dHead);
        }
        int half = dims / 2;
        double[] freq = new double[half];
        for (int p = 0; p < half; p++) {
            freq[p] = Math.pow(theta, -2.0 * p / dims);
        }
        int n = x.rows();
        double[] v = x.toDoubleArray();
        double[] cos = new double[half];
        double[] sin = new double[half];
        for (int b = 0, batches = x.batchSize(); b < batches; b++) {
            for (int i = 0; i < n; i++) {
                double t = (double) offset + i;
                for (int p = 0; p < half; p++) {
                    cos[p] = Math.cos(t * freq[p]);
                    sin[p] = sign * Math.sin(t * freq[p]);
                }
                int row = (b * n + i) * width;
                for (int h = 0; h < heads; h++) {
                    int base = row + h * dHead;
                    for (int p = 0; p < half; p++) {
                        int a = base + (layout == Layout.ROTATE_HALF ? p : 2 * p);
                        int c = base + (layout == Layout.ROTATE_HALF ? p + half : 2 * p + 1);
                        double xa = v[a];
                        double xb = v[c];
                        v[a] = xa * cos[p] - xb * sin[p];
                        v[c] = xb * cos[p] + xa * sin[p];
                    }
                }
            }
        }
        return Tensor.of(x.dtype(), x.shape(), v);
    }
}
