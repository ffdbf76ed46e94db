package dev.attention.alignments;

import dev.attention.api.DType;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference tensors in {@code reference/alignments.csv}, generated with numpy by
 * {@code tools/reference_alignments.py} (run from the repository root to regenerate). Each case
 * holds its inputs, fixed parameters ({@code param:<name>}), a score gradient, the expected
 * scores and the expected gradients ({@code grad:<name>}).
 */
final class ReferenceCases {
    private static final Map<String, Map<String, Tensor>> CASES = load();

    private ReferenceCases() {
    }

    /** The tensor {@code name} of case {@code id}, as float64. */
    static Tensor tensor(String id, String name) {
        Map<String, Tensor> c = CASES.get(id);
        if (c == null || !c.containsKey(name)) {
            throw new IllegalArgumentException("no reference tensor " + id + "/" + name);
        }
        return c.get(name);
    }

    /** The fixed parameters of case {@code id}, locally named. */
    static Parameters parameters(String id) {
        return prefixed(id, "param:");
    }

    /** The expected parameter gradients of case {@code id}, locally named. */
    static Parameters parameterGradients(String id) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        prefixed(id, "grad:").asMap().forEach((n, t) -> {
            if (!n.equals("queries") && !n.equals("keys")) {
                out.put(n, t);
            }
        });
        return Parameters.of(out);
    }

    private static Parameters prefixed(String id, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        CASES.get(id).forEach((n, t) -> {
            if (n.startsWith(prefix)) {
                out.put(n.substring(prefix.length()), t);
            }
        });
        return Parameters.of(out);
    }

    private static Map<String, Map<String, Tensor>> load() {
        Map<String, Map<String, Tensor>> cases = new LinkedHashMap<>();
        try (InputStream in = ReferenceCases.class.getResourceAsStream("/reference/alignments.csv")) {
            if (in == null) {
                throw new IllegalStateException("reference/alignments.csv is missing; run tools/reference_alignments.py");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            boolean header = true;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] f = line.split(",", 4);
                int[] shape = Arrays.stream(f[2].split("x")).mapToInt(Integer::parseInt).toArray();
                double[] values = Arrays.stream(f[3].trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
                cases.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1], Tensor.of(DType.FLOAT64, shape, values));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }
}
