package dev.attention.io.tensor;

import dev.attention.api.DType;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;

/**
 * The element types this package stores, by their safetensors name. 16-bit floats are read only,
 * and widen to float32 because {@link DType} has no 16-bit type.
 */
enum StorageType {
    F16(2, DType.FLOAT32),
    BF16(2, DType.FLOAT32),
    F32(4, DType.FLOAT32),
    F64(8, DType.FLOAT64),
    // Read only where a mask, lengths or indices are expected (MaskArray); never a Tensor.
    BOOL(1, null),
    U8(1, null),
    I8(1, null),
    I16(2, null),
    U16(2, null),
    I32(4, null),
    U32(4, null),
    I64(8, null),
    U64(8, null);

    /** Names the safetensors format defines that we recognise but cannot read at all. */
    static final Set<String> UNSUPPORTED = Set.of("F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");

    final int bytes;
    /** The tensor type it reads as; null for bool and integers, which only masks and lengths take. */
    final DType dtype;

    StorageType(int bytes, DType dtype) {
        this.bytes = bytes;
        this.dtype = dtype;
    }

    static Optional<StorageType> byName(String name) {
        for (StorageType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    static StorageType of(DType dtype) {
        return dtype == DType.FLOAT32 ? F32 : F64;
    }

    /** True for the floating types a {@link dev.attention.api.Tensor} holds. */
    boolean floating() {
        return dtype != null;
    }

    /** "bool" or "integer", for messages about the non-floating types. */
    String family() {
        return this == BOOL ? "bool" : "integer";
    }

    /** Reads the element at {@code index} of a little-endian buffer (bool as 0/1; integers exactly up to 2^53). */
    double read(ByteBuffer le, int index) {
        switch (this) {
            case BOOL:
                return le.get(index) != 0 ? 1 : 0;
            case U8:
                return le.get(index) & 0xff;
            case I8:
                return le.get(index);
            case I16:
                return le.getShort(index * 2);
            case U16:
                return le.getShort(index * 2) & 0xffff;
            case I32:
                return le.getInt(index * 4);
            case U32:
                return le.getInt(index * 4) & 0xffffffffL;
            case I64:
                return le.getLong(index * 8);
            case U64:
                long u = le.getLong(index * 8);
                return u >= 0 ? u : u + 0x1p64;
            case F16:
                return HalfFloats.fromHalf(le.getShort(index * 2));
            case BF16:
                return HalfFloats.fromBfloat16(le.getShort(index * 2));
            case F32:
                return le.getFloat(index * 4);
            case F64:
                return le.getDouble(index * 8);
            default:
                throw new IllegalStateException(name());
        }
    }
}
