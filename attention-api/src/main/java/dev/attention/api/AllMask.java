package dev.attention.api;

/** The mask that allows every position; a singleton so {@link Mask#allowsAll()} is cheap. */
enum AllMask implements Mask {
    INSTANCE;

    @Override
    public boolean allows(int batch, int query, int key) {
        return true;
    }

    @Override
    public boolean allowsAll() {
        return true;
    }
}
