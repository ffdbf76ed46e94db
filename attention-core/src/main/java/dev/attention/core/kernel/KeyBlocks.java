package dev.attention.core.kernel;

/**
 * The keys once more, transposed per key block: block {@code t} of batch element {@code b} is
 * {@code d} rows of {@code stride} floats, {@code kt[c][j] = k[b, t·keyBlock + j][c]}, zero past the
 * last key. The SIMD tile loads consecutive keys' component {@code c} as one vector from it.
 * Built once per forward pass (in parallel over blocks) instead of once per query block, since
 * every query block reads every key block; costs one more copy of K.
 */
final class KeyBlocks {
    private final float[] data;
    private final int blocks;
    private final int blockSize;

    private KeyBlocks(float[] data, int blocks, int blockSize) {
        this.data = data;
        this.blocks = blocks;
        this.blockSize = blockSize;
    }

    static KeyBlocks of(FloatOperands o, int keyBlock, int stride, KernelExecutor executor) {
        int d = o.d;
        int m = o.m;
        int blocks = (m + keyBlock - 1) / keyBlock;
        int blockSize = d * stride;
        float[] data = new float[o.batch * blocks * blockSize];
        executor.run(o.batch * blocks, () -> task -> {
            int b = task / blocks;
            int j0 = (task % blocks) * keyBlock;
            int count = Math.min(keyBlock, m - j0);
            int at = task * blockSize;
            int k0 = (b * m + j0) * d;
            for (int j = 0; j < count; j++) {
                int kj = k0 + j * d;
                for (int c = 0; c < d; c++) {
                    data[at + c * stride + j] = o.k[kj + c];
                }
            }
        });
        return new KeyBlocks(data, blocks, blockSize);
    }

    float[] data() {
        return data;
    }

    /** Where block {@code t} of batch element {@code b} starts in {@link #data()}. */
    int offset(int b, int t) {
        return (b * blocks + t) * blockSize;
    }
}
