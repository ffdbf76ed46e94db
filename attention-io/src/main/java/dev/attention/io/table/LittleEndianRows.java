package dev.attention.io.table;

import dev.attention.api.DType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A table's elements as the data of a tensor file: little-endian, C order (batch by batch, row by
 * row), float32 as 4 bytes and float64 as 8. Read from the source a block of rows at a time, so a
 * table computed on demand (the fused kernel's weights) is never held whole.
 */
final class LittleEndianRows {
    private LittleEndianRows() {
    }

    static void write(RowSource t, OutputStream out) throws IOException {
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
}
