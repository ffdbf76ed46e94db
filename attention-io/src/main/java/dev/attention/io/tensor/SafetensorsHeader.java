package dev.attention.io.tensor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validated JSON header of a safetensors file: every entry well-formed, of a known type, with
 * a byte range inside the data area whose length matches its shape, and the ranges together
 * covering the data area exactly (no overlap, no gap), as the format requires.
 */
final class SafetensorsHeader {
    static final String METADATA = "__metadata__";
    private static final Set<String> ENTRY_KEYS = Set.of("dtype", "shape", "data_offsets");
    /**
     * The header is read with the streaming parser into a tree of nodes, not through an
     * {@code ObjectMapper}: setting one up cost a cold one-shot run about 60 ms (decision 65).
     */
    private static final JsonFactory JSON = new JsonFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One tensor's entry; offsets are relative to the start of the data area. */
    record Entry(String name, StorageType type, long[] shape, long begin, long end) {
    }

    /** Entries in data order (by offset). */
    final List<Entry> entries;
    final Map<String, String> metadata;

    private SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {
        this.entries = entries;
        this.metadata = metadata;
    }

    static SafetensorsHeader parse(String file, ByteBuffer headerBytes, long dataSize) {
        JsonNode root = json(file, headerBytes);
        if (!root.isObject()) {
            throw Problems.inFile(file, "header is not a JSON object");
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = Map.of();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(METADATA)) {
                metadata = metadata(file, e.getValue());
            } else {
                entries.add(entry(file, e.getKey(), e.getValue(), dataSize));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        checkCoverage(file, entries, dataSize);
        return new SafetensorsHeader(List.copyOf(entries), metadata);
    }

    private static JsonNode json(String file, ByteBuffer bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw Problems.inFile(file, "header is not UTF-8 text; not a safetensors file?");
        }
        if (!text.startsWith("{")) {
            throw Problems.inFile(file, "header does not start with '{'; not a safetensors file?");
        }
        try (JsonParser parser = JSON.createParser(text)) {
            JsonNode root = tree(parser, parser.nextToken());
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw new JsonParseException(parser, "Trailing token (of type " + after + ") found after value");
            }
            return root;
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage().split("\\R")[0];
            long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
            throw Problems.inFile(file, "header is not valid JSON: " + why
                    + (at >= 0 ? " (at character " + at + " of the header)" : ""));
        } catch (IOException e) {
            // A parser over a String does no I/O.
            throw new UncheckedIOException(e);
        }
    }

    /** The value starting at token {@code t}, as a node (numbers: long, or BigInteger beyond it; fractions: double). */
    private static JsonNode tree(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new JsonParseException(p, "Unexpected end-of-input");
        }
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                for (JsonToken u = p.nextToken(); u == JsonToken.FIELD_NAME; u = p.nextToken()) {
                    String key = p.currentName();
                    o.set(key, tree(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken u = p.nextToken(); u != JsonToken.END_ARRAY; u = p.nextToken()) {
                    a.add(tree(p, u));
                }
                return a;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? NODES.numberNode(p.getBigIntegerValue())
                        : NODES.numberNode(p.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new JsonParseException(p, "Unexpected token (" + t + ")");
        }
    }

    private static Map<String, String> metadata(String file, JsonNode node) {
        if (!node.isObject()) {
            throw Problems.inFile(file, "'" + METADATA + "' must be an object of text values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw Problems.inFile(file, "'" + METADATA + "' value of '" + e.getKey() + "' must be text");
            }
            out.put(e.getKey(), e.getValue().textValue());
        });
        return Collections.unmodifiableMap(out);
    }

    private static Entry entry(String file, String name, JsonNode node, long dataSize) {
        if (!node.isObject()) {
            throw Problems.inTensor(file, name, "entry must be an object {dtype, shape, data_offsets}");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext();) {
            String k = keys.next();
            if (!ENTRY_KEYS.contains(k)) {
                throw Problems.inTensor(file, name, "unknown key '" + k + "'; an entry has dtype, shape, data_offsets");
            }
        }
        for (String k : List.of("dtype", "shape", "data_offsets")) {
            if (!node.has(k)) {
                throw Problems.inTensor(file, name, "missing '" + k + "'");
            }
        }
        StorageType type = type(file, name, node.get("dtype"));
        long[] shape = integers(file, name, "shape", node.get("shape"));
        long[] offsets = integers(file, name, "data_offsets", node.get("data_offsets"));
        if (offsets.length != 2 || offsets[0] > offsets[1]) {
            throw Problems.inTensor(file, name, "data_offsets must be [begin, end] with begin ≤ end, got "
                    + TensorShapes.format(offsets));
        }
        if (offsets[1] > dataSize) {
            throw Problems.inTensor(file, name, "data_offsets " + TensorShapes.format(offsets)
                    + " run past the data area of " + dataSize + " bytes (file truncated?)");
        }
        long elements = TensorShapes.elements(shape);
        long need = elements < 0 || elements > Long.MAX_VALUE / type.bytes ? -1 : elements * type.bytes;
        if (need != offsets[1] - offsets[0]) {
            throw Problems.inTensor(file, name, "shape " + TensorShapes.format(shape) + " of " + type
                    + " needs " + (need < 0 ? "too many" : Long.toString(need)) + " bytes but data_offsets "
                    + TensorShapes.format(offsets) + " span " + (offsets[1] - offsets[0]));
        }
        return new Entry(name, type, shape, offsets[0], offsets[1]);
    }

    private static StorageType type(String file, String name, JsonNode node) {
        if (!node.isTextual()) {
            throw Problems.inTensor(file, name, "dtype must be text such as \"F32\"");
        }
        String t = node.textValue();
        return StorageType.byName(t).orElseThrow(() -> Problems.inTensor(file, name,
                (StorageType.UNSUPPORTED.contains(t) ? "dtype " + t + " is not supported"
                        : "unknown dtype '" + t + "'") + "; supported: F32, F64, and F16, BF16 (read as float32); BOOL and integers for masks and lengths"));
    }

    private static long[] integers(String file, String name, String key, JsonNode node) {
        if (!node.isArray()) {
            throw Problems.inTensor(file, name, key + " must be a list of whole numbers");
        }
        long[] out = new long[node.size()];
        for (int k = 0; k < out.length; k++) {
            JsonNode v = node.get(k);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw Problems.inTensor(file, name, key + " must hold non-negative whole numbers, got " + node);
            }
            out[k] = v.longValue();
        }
        return out;
    }

    /** The ranges, sorted by offset, must tile [0, dataSize) exactly. */
    private static void checkCoverage(String file, List<Entry> sorted, long dataSize) {
        long expected = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < expected) {
                throw Problems.inTensor(file, e.name(), "data_offsets [" + e.begin() + ", " + e.end()
                        + "] overlap tensor '" + previous.name() + "' [" + previous.begin() + ", " + previous.end() + "]");
            }
            if (e.begin() > expected) {
                throw Problems.inTensor(file, e.name(), "bytes " + expected + ".." + e.begin()
                        + " before it belong to no tensor; the data area must be fully covered");
            }
            expected = e.end();
            previous = e;
        }
        if (expected != dataSize) {
            throw Problems.inFile(file, (dataSize - expected) + " bytes after the last tensor"
                    + (previous == null ? "" : " '" + previous.name() + "'")
                    + " belong to no tensor; the data area must be fully covered");
        }
    }

    /** Names, sorted, for messages. */
    Set<String> names() {
        Set<String> out = new TreeSet<>();
        entries.forEach(e -> out.add(e.name()));
        return out;
    }
}
