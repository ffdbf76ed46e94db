package dev.attention.io.table;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * A table's elements as the data of a tensor file: little-endian, C order (batch by batch, row by
 * row), float32 as 4 bytes and float64 as 8. Read from the source a block of rows at a time, so a
 * table computed on demand (the fused kernel's weights) is never held whole.
 */
final class LittleEndianRows {
    /** Bytes per block of the bulk copy: 1 MiB. */
    private static final int BLOCK_BYTES = 1 << 20;

    private LittleEndianRows() {
    }

    static void write(RowSource t, OutputStream out) throws IOException {
        if (t.whole().isPresent()) {
            write(t.whole().get(), out);
            return;
        }
        int[] shape = t.shape();
        int rows = shape[shape.length - 2];
        int width = shape[shape.length - 1];
        long batches = 1;
        for (int k = 0; k < shape.length - 2; k++) {
            batches *= shape[k];
        }
        boolean f32 = t.dtype() == DType.FLOAT32;
        int block = CsvFormat.blockRows(rows, width);
        double[] values = new double[block * width];
        ByteBuffer bytes = ByteBuffer.allocate(block * width * (f32 ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        for (int b = 0; b < batches; b++) {
            for (int i0 = 0; i0 < rows; i0 += block) {
                int count = Math.min(block, rows - i0);
                t.rows(b, i0, count, values);
                bytes.clear();
                for (int k = 0; k < count * width; k++) {
                    if (f32) {
                        bytes.putFloat((float) values[k]);
                    } else {
                        bytes.putDouble(values[k]);
                    }
                }
                out.write(bytes.array(), 0, bytes.position());
            }
        }
    }

    /**
     * A tensor's storage copied in bulk, a block at a time: the same bytes as the element loop above,
     * without a call per element (a cold JVM interprets such loops for their first ~100 000 turns).
     */
    private static void write(Tensor t, OutputStream out) throws IOException {
        boolean f32 = t.dtype() == DType.FLOAT32;
        int width = f32 ? 4 : 8;
        int n = t.size();
        int block = Math.min(n, BLOCK_BYTES / width);
        ByteBuffer bytes = ByteBuffer.allocate(Math.max(1, block) * width).order(ByteOrder.LITTLE_ENDIAN);
        if (f32) {
            FloatBuffer src = t.floatBuffer();
            for (int k = 0; k < n; k += block) {
                int count = Math.min(block, n - k);
                bytes.clear();
                bytes.asFloatBuffer().put(src.slice(k, count));
                out.write(bytes.array(), 0, count * width);
            }
        } else {
            DoubleBuffer src = t.doubleBuffer();
            for (int k = 0; k < n; k += block) {
                int count = Math.min(block, n - k);
                bytes.clear();
                bytes.asDoubleBuffer().put(src.slice(k, count));
                out.write(bytes.array(), 0, count * width);
            }
        }
    }
}
