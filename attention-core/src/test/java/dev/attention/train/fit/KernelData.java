package dev.attention.train.fit;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The shipped kernel-regression CSVs, read without the engine's loader. */
final class KernelData {
    private KernelData() {
    }

    /** Column {@code c} of {@code examples/kernel-regression/<file>} as an {@code [n, 1]} tensor. */
    static Tensor column(String file, int c) {
        Path p = Path.of("..", "examples", "kernel-regression", file);
        try {
            List<String> lines = Files.readAllLines(p);
            double[][] rows = new double[lines.size() - 1][];
            for (int i = 1; i < lines.size(); i++) {
                rows[i - 1] = new double[] {Double.parseDouble(lines.get(i).split(",")[c])};
            }
            return Tensor.matrix(DType.FLOAT64, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
