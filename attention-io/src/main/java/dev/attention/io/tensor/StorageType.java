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
    F64(8, DType.FLOAT64);

    /** Names the safetensors format defines that we recognise but cannot hold as floats. */
    static final Set<String> UNSUPPORTED = Set.of("BOOL", "U8", "I8", "I16", "U16", "I32", "U32", "I64", "U64",
            "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");

    final int bytes;
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

    /** Reads the element at {@code index} of a little-endian buffer. */
    double read(ByteBuffer le, int index) {
        switch (this) {
            case F16:
                return HalfFloats.fromHalf(le.getShort(index * 2));
            case BF16:
                return HalfFloats.fromBfloat16(le.getShort(index * 2));
            case F32:
                return le.getFloat(index * 4);
            default:
                return le.getDouble(index * 8);
        }
    }
}
