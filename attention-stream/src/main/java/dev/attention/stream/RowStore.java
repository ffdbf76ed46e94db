package dev.attention.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * Unbounded {@link Rows} in fixed-size blocks: appending never copies earlier rows (a doubling array
 * would copy all of them now and then, so one append could cost O(m)), and whole blocks before a
 * position can be released.
 */
final class RowStore implements Rows {
    private static final int BLOCK_ROWS = 4096;

    private final int width;
    private final List<double[]> blocks = new ArrayList<>();
    private int size;
    private int first;

    RowStore(int width) {
        this.width = width;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int first() {
        return first;
    }

    @Override
    public void append(double[] row) {
        int block = size / BLOCK_ROWS;
        if (block == blocks.size()) {
            blocks.add(new double[BLOCK_ROWS * width]);
        }
        System.arraycopy(row, 0, blocks.get(block), (size % BLOCK_ROWS) * width, width);
        size++;
    }

    @Override
    public void copy(int index, double[] dst) {
        if (index < first || index >= size) {
            throw new IndexOutOfBoundsException("row " + index + " not kept; kept rows are " + first + ".." + (size - 1));
        }
        System.arraycopy(blocks.get(index / BLOCK_ROWS), (index % BLOCK_ROWS) * width, dst, 0, width);
    }

    /** Forgets rows before {@code index}; their memory is freed a block at a time. */
    void releaseBefore(int index) {
        first = Math.max(first, Math.min(index, size));
        for (int b = first / BLOCK_ROWS - 1; b >= 0 && blocks.get(b) != null; b--) {
            blocks.set(b, null);
        }
    }
}
