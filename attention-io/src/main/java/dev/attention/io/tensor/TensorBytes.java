package dev.attention.io.tensor;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/** Tensor elements as packed little-endian bytes in row-major (C) order, both directions. */
final class TensorBytes {
    private static final int CHUNK = 1 << 15;

    private TensorBytes() {
    }

    /** A tensor of {@code shape} decoded from {@code le}, which holds exactly its elements. */
    static Tensor decode(ByteBuffer le, StorageType type, int[] shape) {
        Tensor.Builder b = Tensor.builder(type.dtype, shape);
        ByteBuffer in = le.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (type == StorageType.F32) {
            return b.set(0, in.asFloatBuffer()).build();
        }
        if (type == StorageType.F64) {
            return b.set(0, in.asDoubleBuffer()).build();
        }
        int n = in.remaining() / type.bytes;
        for (int k = 0; k < n; k++) {
            b.set(k, type.read(in, k));
        }
        return b.build();
    }

    /** Writes the elements in the tensor's own type (float32 as F32, float64 as F64). */
    static void encode(Tensor t, OutputStream out) throws IOException {
        // Chunk by chunk through a little-endian view: bulk copies, no call per element.
        ByteBuffer buf = ByteBuffer.allocate(CHUNK * 8).order(ByteOrder.LITTLE_ENDIAN);
        if (t.dtype() == DType.FLOAT32) {
            FloatBuffer src = t.floatBuffer();
            FloatBuffer dst = buf.asFloatBuffer();
            for (int at = 0, n = src.limit(); at < n; at += CHUNK) {
                int count = Math.min(CHUNK, n - at);
                dst.put(0, src, at, count);
                out.write(buf.array(), 0, count * 4);
            }
        } else {
            DoubleBuffer src = t.doubleBuffer();
            DoubleBuffer dst = buf.asDoubleBuffer();
            for (int at = 0, n = src.limit(); at < n; at += CHUNK) {
                int count = Math.min(CHUNK, n - at);
                dst.put(0, src, at, count);
                out.write(buf.array(), 0, count * 8);
            }
        }
    }
}
