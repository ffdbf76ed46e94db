package dev.attention.stream;

/**
 * The last {@code capacity} rows in a ring buffer: a sliding-window KV cache whose memory is bounded
 * by the window, whatever the stream's length.
 */
final class RingRows implements Rows {
    private final int width;
    private final int capacity;
    private final double[] ring;
    private int size;

    RingRows(int width, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be ≥ 1, got " + capacity);
        }
        this.width = width;
        this.capacity = capacity;
        this.ring = new double[capacity * width];
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
        return Math.max(0, size - capacity);
    }

    @Override
    public void append(double[] row) {
        System.arraycopy(row, 0, ring, (size % capacity) * width, width);
        size++;
    }

    @Override
    public void copy(int index, double[] dst) {
        if (index < first() || index >= size) {
            throw new IndexOutOfBoundsException("row " + index + " left the window; kept rows are " + first() + ".."
                    + (size - 1));
        }
        System.arraycopy(ring, (index % capacity) * width, dst, 0, width);
    }

    /** Rows kept: at most the capacity. */
    int capacity() {
        return capacity;
    }
}
