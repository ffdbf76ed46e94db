package dev.attention.io.tensor;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Tensor elements as packed little-endian bytes in row-major (C) order, both directions. */
final class TensorBytes {
    private static final int CHUNK = 1 << 15;

    private TensorBytes() {
    }

    /** A tensor of {@code shape} decoded from {@code le}, which holds exactly its elements. */
    static Tensor decode(ByteBuffer le, StorageType type, int[] shape) {
        Tensor.Builder b = Tensor.builder(type.dtype, shape);
        int n = le.remaining() / type.bytes;
        for (int k = 0; k < n; k++) {
            b.set(k, type.read(le, k));
        }
        return b.build();
    }

    /** Writes the elements in the tensor's own type (float32 as F32, float64 as F64). */
    static void encode(Tensor t, OutputStream out) throws IOException {
        boolean f32 = t.dtype() == DType.FLOAT32;
        int width = f32 ? 4 : 8;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK * width).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0, n = t.size(); k < n; k++) {
            if (f32) {
                buf.putFloat((float) t.at(k));
            } else {
                buf.putDouble(t.at(k));
            }
            if (!buf.hasRemaining()) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
        }
        out.write(buf.array(), 0, buf.position());
    }
}
