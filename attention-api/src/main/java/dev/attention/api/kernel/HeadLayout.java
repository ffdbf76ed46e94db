package dev.attention.api.kernel;

/**
 * Where the heads sit in the queries, keys and values handed to {@link AttentionKernel#attend}.
 * With one head both layouts are the plain {@code [batch…, rows, d]}.
 */
public enum HeadLayout {
    /** {@code [batch…, heads, rows, d]}: PyTorch's {@code scaled_dot_product_attention} layout. */
    HEADS_FIRST,
    /**
     * {@code [batch…, rows, heads·d]}, head {@code h} in columns {@code [h·d, (h+1)·d)}: what a
     * projection {@code X Wᵀ} produces, read in place without splitting the heads.
     */
    HEADS_IN_COLUMNS
}
