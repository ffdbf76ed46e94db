package dev.attention.variants;

import dev.attention.api.DType;
import dev.attention.api.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the tensors a reference generator under {@code tools/} wrote: one per line,
 * {@code name dim… : value…}, row-major; {@code #} lines are comments.
 */
final class ReferenceFile {
    private ReferenceFile() {
    }

    static Map<String, Tensor> read(String resource) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (InputStream in = ReferenceFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] halves = line.split(" : ");
                String[] head = halves[0].trim().split(" ");
                int[] shape = new int[head.length - 1];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = Integer.parseInt(head[d + 1]);
                }
                String[] cells = halves[1].trim().split(" ");
                double[] values = new double[cells.length];
                for (int c = 0; c < cells.length; c++) {
                    values[c] = Double.parseDouble(cells[c]);
                }
                out.put(head[0], Tensor.of(DType.FLOAT64, shape, values));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
