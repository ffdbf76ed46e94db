package dev.attention.io.table;

import dev.attention.api.DType;
import dev.attention.io.tensor.Npy;
import dev.attention.io.tensor.TensorLayout;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends the rows of unbatched tables to {@code <name>.npy} files chunk by chunk, when the row
 * count is known only at the end: the header is written first with 0 rows and rewritten in place
 * once the last chunk is in. It keeps its length, because numpy's header reserves room for the
 * first axis to grow to 21 digits (and {@link Npy#header} writes that room).
 */
final class NpyChunks implements ResultWriter.RowSink {
    private final Map<String, FileChannel> files;
    private final Map<String, TensorLayout> first = new LinkedHashMap<>();
    private final Map<String, Long> rows = new LinkedHashMap<>();

    /** @param files the open, empty file of each table, by table name */
    NpyChunks(Map<String, FileChannel> files) {
        this.files = files;
    }

    @Override
    public void append(String name, RowSource chunk) throws IOException {
        FileChannel ch = files.get(name);
        int[] shape = chunk.shape();
        if (ch == null || shape.length != 2) {
            throw new IllegalArgumentException("table '" + name + "' is not one of " + files.keySet()
                    + " or is batched: " + Arrays.toString(shape));
        }
        TensorLayout layout = new TensorLayout(chunk.dtype(), new int[] {0, shape[1]});
        TensorLayout before = first.putIfAbsent(name, layout);
        if (before == null) {
            ch.write(ByteBuffer.wrap(Npy.header(layout)));
        } else if (!before.equals(layout)) {
            throw new IllegalArgumentException("table '" + name + "': a chunk of " + layout + " after " + before);
        }
        // Appends at the channel's position; the channel itself stays open for the next chunk.
        OutputStream out = new BufferedOutputStream(new FilterOutputStream(Channels.newOutputStream(ch)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                this.out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        }, 1 << 16);
        LittleEndianRows.write(chunk, out);
        out.close();
        rows.merge(name, (long) shape[0], Long::sum);
    }

    /** Puts each file's final row count into its header (a table no chunk reached: 0 × 0 float64). */
    void finish() throws IOException {
        for (Map.Entry<String, FileChannel> e : files.entrySet()) {
            TensorLayout l = first.get(e.getKey());
            long n = rows.getOrDefault(e.getKey(), 0L);
            if (n > Integer.MAX_VALUE) {
                throw new IOException("table '" + e.getKey() + "' has " + n + " rows, more than a tensor file of"
                        + " attention's holds; write it as csv");
            }
            TensorLayout done = l == null ? new TensorLayout(DType.FLOAT64, new int[] {0, 0})
                    : new TensorLayout(l.dtype(), new int[] {(int) n, l.shape()[1]});
            byte[] header = Npy.header(done);
            if (l != null && header.length != Npy.header(l).length) {
                throw new IllegalStateException("the .npy header changed length: " + l + " → " + done);
            }
            e.getValue().write(ByteBuffer.wrap(header), 0);
        }
    }
}
