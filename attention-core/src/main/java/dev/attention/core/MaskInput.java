package dev.attention.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * A mask input of a job ({@code key_lengths}, {@code key_padding_mask}, {@code attn_mask}, …) as
 * read, for {@code explain}: masks are not tensors of their own, so {@link Job#inputs()} does not
 * list them.
 *
 * @param name    the input key
 * @param source  the file it was read from, or {@code inline data}
 * @param dtype   the stored dtype, e.g. {@code |b1}, {@code <i8}, {@code F32}
 * @param shape   the stored shape
 * @param mapsTo  what the engine makes of it, e.g. {@code lengths of 'keys' and 'values'},
 *                {@code key mask (true = ignore)}, {@code score bias (bool: true = -inf)}
 */
public record MaskInput(String name, String source, String dtype, int[] shape, String mapsTo) {
    public MaskInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
        Objects.requireNonNull(mapsTo, "mapsTo");
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(shape) + " " + dtype + " from " + source + " → " + mapsTo;
    }
}
