package dev.attention.io.tensor;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * An array read where a mask or lengths are expected (or integer data, see {@code TensorFiles.load}), which may be bool or
 * integer as well as floating point; a {@link dev.attention.api.Tensor} stays floating point.
 * The shape is the stored one (any rank; a scalar is {@code []}), the values row-major as
 * doubles: bool as 0/1, integers exactly (to 2^53), floats as stored, NaN and ±∞ included, for
 * the caller to judge.
 *
 * @param shape  the stored dimensions
 * @param dtype  the stored type as the file names it ({@code |b1}, {@code <i8}, {@code BOOL}, …), for messages
 * @param kind   bool, integer or floating
 * @param values the elements, row-major
 */
@API(status = MAINTAINED)
public record MaskArray(int[] shape, String dtype, Kind kind, double[] values) {

    /** The family of the stored type. */
    public enum Kind { BOOL, INTEGER, FLOAT }

    public MaskArray {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public int size() {
        return values.length;
    }

    /** The shape as messages show it, {@code [2, 5]}. */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    /**
     * The refusal of a bool array where data is expected, or of a bool or integer array where a float
     * tensor must be (parameters, checkpoints; integer data loads through {@code TensorFiles.load}).
     */
    static String notHere(String what, StorageType t) {
        if (t != StorageType.BOOL) {
            return what + " is integer; a tensor here must be float (integer arrays load only as inputs: data,"
                    + " masks, lengths); save it as a.astype('<f4') or a.astype('<f8')";
        }
        return what + " is " + t.family() + "; only masks and lengths may be bool/integer (inputs key_padding_mask,"
                + " attention_mask, attn_mask, key_lengths, query_lengths); save data as a.astype('<f4') or"
                + " a.astype('<f8')";
    }

    static Kind kindOf(StorageType t) {
        return t.floating() ? Kind.FLOAT : t == StorageType.BOOL ? Kind.BOOL : Kind.INTEGER;
    }

    static MaskArray decode(java.nio.ByteBuffer le, StorageType type, String dtype, long[] dims) {
        int[] shape = new int[dims.length];
        for (int k = 0; k < dims.length; k++) {
            shape[k] = (int) dims[k];
        }
        int n = le.remaining() / type.bytes;
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = type.read(le, k);
        }
        return new MaskArray(shape, dtype, kindOf(type), v);
    }
}
