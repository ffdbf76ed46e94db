package dev.attention.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Seeded CSV files for the tests: the same numbers on every run. */
final class TestData {
    private TestData() {
    }

    /**
     * {@code rows} rows of {@code header}'s columns, uniform in [−1, 1) rounded to 4 decimals; a
     * first column named {@code id} holds the row number instead.
     */
    static Path csv(Path file, String header, int rows, long seed) {
        Random r = new Random(seed);
        String[] cols = header.split(",");
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols.length; j++) {
                sb.append(j == 0 ? "" : ",");
                if (cols[j].equals("id")) {
                    sb.append(i);
                } else {
                    sb.append(Math.round((2 * r.nextDouble() - 1) * 1e4) / 1e4);
                }
            }
            sb.append('\n');
        }
        return write(file, sb.toString());
    }

    /**
     * Sequences as rows: column {@code doc} (d0, d1, … contiguous), then {@code cols} features;
     * lengths cycle through 2..{@code maxLength}.
     */
    static Path sequences(Path file, int docs, int maxLength, int cols, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("doc");
        for (int j = 0; j < cols; j++) {
            sb.append(",f").append(j);
        }
        sb.append('\n');
        for (int d = 0; d < docs; d++) {
            int len = 2 + d % (maxLength - 1);
            for (int i = 0; i < len; i++) {
                sb.append('d').append(d);
                for (int j = 0; j < cols; j++) {
                    sb.append(',').append(Math.round((2 * r.nextDouble() - 1) * 1e4) / 1e4);
                }
                sb.append('\n');
            }
        }
        return write(file, sb.toString());
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
