package dev.attention.train.fit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Parameters;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fitted parameters as JSON ({@code parameters.json}): one entry per qualified name, in order,
 * <pre>{@code
 * {
 *   "alignment.log_sigma": {"dtype": "float64", "shape": [1, 1], "data": [[-1.153]]},
 *   "head.weight":         {"dtype": "float64", "shape": [2, 8], "data": [[…], […]]}
 * }
 * }</pre>
 * {@code data} nests like {@code shape}. Numbers are written in the shortest form that reads back to
 * the same float32/float64, so write → read gives bit-identical tensors.
 */
public final class ParametersFile {
    private static final JsonFactory JSON = new JsonFactory();

    private ParametersFile() {
    }

    /** Writes {@code parameters} as above. */
    public static void write(Writer w, Parameters parameters) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            for (Map.Entry<String, Tensor> e : parameters.asMap().entrySet()) {
                Tensor t = e.getValue();
                g.writeObjectFieldStart(e.getKey());
                g.writeStringField("dtype", t.dtype().id());
                g.writeArrayFieldStart("shape");
                for (int d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeFieldName("data");
                nested(g, t, 0, 0);
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }

    /**
     * Reads a file written by {@link #write}.
     *
     * @throws DataException naming the file and the parameter for anything malformed
     */
    public static Parameters read(Path file) {
        String shown = file.toString();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); JsonParser p = JSON.createParser(r)) {
            expect(p, JsonToken.START_OBJECT, shown, null, "an object of name → {dtype, shape, data}");
            Map<String, Tensor> out = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                out.put(name, tensor(p, shown, name));
            }
            return Parameters.of(out);
        } catch (NoSuchFileException e) {
            throw new DataException(shown, 0, null, "parameters file not found (paths are relative to the config file)");
        } catch (IOException e) {
            throw new DataException(shown, 0, null, "cannot read parameters: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
    }

    private static Tensor tensor(JsonParser p, String file, String name) throws IOException {
        expect(p, JsonToken.START_OBJECT, file, name, "{dtype, shape, data}");
        DType dtype = null;
        int[] shape = null;
        List<Double> data = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "dtype" -> {
                    try {
                        dtype = DType.fromId(p.getValueAsString(""));
                    } catch (IllegalArgumentException e) {
                        throw error(p, file, name, "dtype must be float32 or float64");
                    }
                }
                case "shape" -> shape = shape(p, file, name);
                case "data" -> {
                    data = new ArrayList<>();
                    flatten(p, file, name, data);
                }
                default -> throw error(p, file, name, "unknown key '" + key + "'; expected dtype, shape, data");
            }
        }
        if (dtype == null || shape == null || data == null) {
            throw error(p, file, name, "needs dtype, shape and data");
        }
        double[] values = data.stream().mapToDouble(Double::doubleValue).toArray();
        try {
            return Tensor.of(dtype, shape, values);
        } catch (RuntimeException e) {
            throw error(p, file, name, e.getMessage());
        }
    }

    private static int[] shape(JsonParser p, String file, String name) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw error(p, file, name, "shape must be a list of sizes");
        }
        List<Integer> dims = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw error(p, file, name, "shape must be a list of whole numbers");
            }
            dims.add(p.getIntValue());
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void flatten(JsonParser p, String file, String name, List<Double> out) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT || p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
            out.add(p.getDoubleValue());
            return;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw error(p, file, name, "data must be nested lists of numbers");
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            flatten(p, file, name, out);
        }
    }

    private static void expect(JsonParser p, JsonToken token, String file, String name, String what)
            throws IOException {
        if (p.nextToken() != token) {
            throw error(p, file, name, "expected " + what);
        }
    }

    private static DataException error(JsonParser p, String file, String name, String problem) {
        return new DataException(file, p.currentLocation().getLineNr(), name, problem);
    }

    /** Dimension {@code axis} from flat offset {@code offset} as nested arrays. */
    private static int nested(JsonGenerator g, Tensor t, int axis, int offset) throws IOException {
        int[] shape = t.shape();
        g.writeStartArray();
        int k = offset;
        for (int i = 0; i < shape[axis]; i++) {
            if (axis == shape.length - 1) {
                if (t.dtype() == DType.FLOAT32) {
                    g.writeNumber((float) t.at(k++));
                } else {
                    g.writeNumber(t.at(k++));
                }
            } else {
                k = nested(g, t, axis + 1, k);
            }
        }
        g.writeEndArray();
        return k;
    }
}
