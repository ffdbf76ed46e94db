package dev.attention.distributions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the CSVs under {@code src/test/resources/reference/}, written by
 * {@code tools/reference_distributions.py} (numpy, with algorithms independent of the Java ones; see
 * the script). A cell holding a list has its numbers separated by spaces.
 */
final class ReferenceCsv {
    private ReferenceCsv() {
    }

    /** The data lines of {@code reference/<name>}, each split into cells; the header is dropped. */
    static List<String[]> read(String name) {
        String path = "/reference/" + name;
        try (InputStream in = ReferenceCsv.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing; run python3 tools/reference_distributions.py");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String[]> out = new ArrayList<>();
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    out.add(line.split(","));
                }
            }
            if (out.isEmpty()) {
                throw new IllegalStateException(path + " has no data lines");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A space-separated list of numbers. */
    static double[] numbers(String cell) {
        return Arrays.stream(cell.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
    }
}
