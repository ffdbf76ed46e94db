package dev.attention.io.tensor;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.attention.api.AttentionException;
import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Tensor;
import dev.attention.io.util.DurableFiles;
import dev.attention.io.util.Limits;
import dev.attention.io.util.Suggestions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of
 * UTF-8 JSON ({@code {"name": {"dtype", "shape", "data_offsets": [begin, end]}, …,
 * "__metadata__": {…}}}), then the tensors' bytes packed, little-endian, row-major, with offsets
 * relative to the first byte after the header.
 *
 * <p>F32 and F64 are read and written; F16 and BF16 are read and widened to float32. Scalars load
 * as [1, 1] and 1-d tensors as a column [n, 1]; higher ranks keep their batch dimensions. Every
 * defect — header length, JSON, unknown type, offsets outside the data, a size that disagrees with
 * the shape, overlapping or uncovered bytes — is a one-line {@link DataException} naming the file
 * and the tensor.
 *
 * <p>Writing is deterministic: {@code __metadata__} first, then tensors sorted by name, data in
 * that order, the header padded with spaces to a multiple of 8 bytes; the file appears whole or
 * not at all.
 */
public final class Safetensors {
    /** The file name extension this format is recognised by. */
    public static final String EXTENSION = ".safetensors";
    private static final JsonFactory JSON = new JsonFactory();

    private Safetensors() {
    }

    /** Every tensor and the metadata. */
    public static TensorBundle read(Path file) {
        try (FileBytes in = FileBytes.open(file)) {
            Layout l = layout(in);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (SafetensorsHeader.Entry e : l.header.entries) {
                tensors.put(e.name(), tensor(in, l, e));
            }
            return new TensorBundle(tensors, l.header.metadata);
        }
    }

    /**
     * The names of the file's tensors, in the header's order; only the header is read (and validated), so
     * a caller can pick a few tensors of a large checkpoint and read them with {@link #read(Path, String)}.
     */
    public static List<String> names(Path file) {
        try (FileBytes in = FileBytes.open(file)) {
            List<String> out = new ArrayList<>();
            for (SafetensorsHeader.Entry e : layout(in).header.entries) {
                out.add(e.name());
            }
            return List.copyOf(out);
        }
    }

    /** One tensor by name; the whole header is still validated, but only this tensor's bytes are read. */
    public static Tensor read(Path file, String name) {
        try (FileBytes in = FileBytes.open(file)) {
            Layout l = layout(in);
            for (SafetensorsHeader.Entry e : l.header.entries) {
                if (e.name().equals(name)) {
                    return tensor(in, l, e);
                }
            }
            throw Problems.inTensor(in.shown, name, "no such tensor; " + Suggestions.didYouMean(name, l.header.names())
                    + "the file has " + (l.header.entries.isEmpty() ? "none" : String.join(", ", l.header.names())));
        }
    }

    /** The only tensor of a file holding exactly one; otherwise an error listing the names. */
    public static Tensor readSingle(Path file) {
        try (FileBytes in = FileBytes.open(file)) {
            Layout l = layout(in);
            if (l.header.entries.isEmpty()) {
                throw Problems.inFile(in.shown, "holds no tensors");
            }
            if (l.header.entries.size() > 1) {
                throw Problems.inFile(in.shown, "holds " + l.header.entries.size() + " tensors ("
                        + String.join(", ", l.header.names()) + "); choose one with tensor: <name>");
            }
            return tensor(in, l, l.header.entries.get(0));
        }
    }

    /**
     * Writes {@code tensors} (float32 as F32, float64 as F64) and {@code metadata}, replacing the file
     * atomically.
     *
     * @throws IllegalArgumentException for a blank or reserved name
     * @throws AttentionException       when the file cannot be written (nothing is written)
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        TreeMap<String, Tensor> sorted = sorted(tensors);
        byte[] header = header(layouts(sorted), metadata);
        try {
            DurableFiles.replace(file, out -> body(out, header, sorted));
        } catch (IOException e) {
            throw new AttentionException("cannot write " + file + ": " + e.getMessage()
                    + " (nothing was written; check the folder and free space)", e);
        }
    }

    /**
     * Writes the same bytes to a stream, for a caller that writes several files as one set
     * ({@code attention fit}'s folder).
     *
     * @throws IllegalArgumentException for a blank or reserved name
     */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        TreeMap<String, Tensor> sorted = sorted(tensors);
        body(out, header(layouts(sorted), metadata), sorted);
    }

    private static void body(OutputStream out, byte[] header, TreeMap<String, Tensor> sorted) throws IOException {
        out.write(header);
        for (Tensor t : sorted.values()) {
            TensorBytes.encode(t, out);
        }
    }

    private static TreeMap<String, Tensor> sorted(Map<String, Tensor> tensors) {
        TreeMap<String, Tensor> sorted = new TreeMap<>();
        tensors.forEach((name, t) -> {
            if (name == null || name.isEmpty() || name.equals(SafetensorsHeader.METADATA)) {
                throw new IllegalArgumentException("tensor name '" + name + "' is blank or reserved");
            }
            if (t == null) {
                throw new IllegalArgumentException("tensor '" + name + "' is null");
            }
            sorted.put(name, t);
        });
        return sorted;
    }

    private static TreeMap<String, TensorLayout> layouts(TreeMap<String, Tensor> sorted) {
        TreeMap<String, TensorLayout> layouts = new TreeMap<>();
        sorted.forEach((name, t) -> layouts.put(name, TensorLayout.of(t)));
        return layouts;
    }

    /**
     * Every byte of a safetensors file before its data: the 8-byte length and the JSON header of
     * these tensors, laid out in name order, with {@code metadata}. A writer streams each tensor's
     * elements after it, little-endian, in name order.
     *
     * @throws IllegalArgumentException for a blank or reserved name
     */
    public static byte[] header(SortedMap<String, TensorLayout> tensors, Map<String, String> metadata) {
        for (String name : tensors.keySet()) {
            if (name.isEmpty() || name.equals(SafetensorsHeader.METADATA)) {
                throw new IllegalArgumentException("tensor name '" + name + "' is blank or reserved");
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(new byte[8]);
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart(SafetensorsHeader.METADATA);
                for (Map.Entry<String, String> m : new TreeMap<>(metadata).entrySet()) {
                    g.writeStringField(m.getKey(), m.getValue());
                }
                g.writeEndObject();
            }
            long offset = 0;
            for (Map.Entry<String, TensorLayout> e : tensors.entrySet()) {
                TensorLayout t = e.getValue();
                long end = offset + t.bytes();
                g.writeObjectFieldStart(e.getKey());
                g.writeStringField("dtype", StorageType.of(t.dtype()).name());
                g.writeArrayFieldStart("shape");
                for (int d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                g.writeNumber(end);
                g.writeEndArray();
                g.writeEndObject();
                offset = end;
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory JSON cannot fail", e);
        }
        // Spaces keep the data area 8-byte aligned; JSON ignores them.
        while (bytes.size() % 8 != 0) {
            bytes.write(' ');
        }
        byte[] out = bytes.toByteArray();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(0, out.length - 8);
        return out;
    }

    private record Layout(SafetensorsHeader header, long dataStart) {
    }

    private static Layout layout(FileBytes in) {
        if (in.size() < 8) {
            throw Problems.inFile(in.shown, "only " + in.size() + " bytes; a safetensors file starts with an"
                    + " 8-byte header length");
        }
        long n = in.read(0, 8, "the header length").getLong(0);
        // Unsigned on disk: a negative long is a length beyond 2^63, certainly past the end.
        if (n < 0 || n > in.size() - 8) {
            throw Problems.inFile(in.shown, "header length " + Long.toUnsignedString(n) + " exceeds the file's "
                    + (in.size() - 8) + " bytes after it; not a safetensors file, or truncated");
        }
        // The reference implementation allows 100 MB; parsing that much JSON is a denial of service.
        if (n > Limits.SAFETENSORS_HEADER_BYTES.value()) {
            throw Problems.inFile(in.shown, Limits.SAFETENSORS_HEADER_BYTES.over("JSON header of " + n + " bytes"));
        }
        ByteBuffer header = in.read(8, n, "the header");
        SafetensorsHeader h = SafetensorsHeader.parse(in.shown, header, in.size() - 8 - n);
        return new Layout(h, 8 + n);
    }

    /**
     * One tensor where a mask or lengths are expected, by name or the file's only one (empty
     * {@code name}): any dtype but F8/F4/F6/C64, in its stored shape.
     */
    public static MaskArray readMask(Path file, java.util.Optional<String> name) {
        try (FileBytes in = FileBytes.open(file)) {
            Layout l = layout(in);
            SafetensorsHeader.Entry e = entry(in, l, name);
            if (TensorShapes.toTensor(e.shape()) == null) {
                throw Problems.inTensor(in.shown, e.name(), "shape " + TensorShapes.format(e.shape())
                        + " has more than 2^31 elements");
            }
            ByteBuffer data = in.read(l.dataStart + e.begin(), e.end() - e.begin(), "tensor '" + e.name() + "'");
            return MaskArray.decode(data, e.type(), e.type().name(), e.shape());
        }
    }

    /**
     * The dtype tensor {@code name} (empty: the only one) reads as, from the header alone; empty for
     * bool and integer tensors, and for a file that cannot be read (reading it for real says why).
     */
    static java.util.Optional<DType> readsAs(Path file, java.util.Optional<String> name) {
        return storedType(file, name).map(t -> t.dtype);
    }

    /** Tensor {@code name}'s stored element type from the header alone; empty for a file that cannot be read. */
    static java.util.Optional<StorageType> storedType(Path file, java.util.Optional<String> name) {
        try (FileBytes in = FileBytes.open(file)) {
            return java.util.Optional.of(entry(in, layout(in), name).type());
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static SafetensorsHeader.Entry entry(FileBytes in, Layout l, java.util.Optional<String> name) {
        if (name.isEmpty()) {
            if (l.header.entries.size() != 1) {
                throw Problems.inFile(in.shown, l.header.entries.isEmpty() ? "holds no tensors" : "holds "
                        + l.header.entries.size() + " tensors (" + String.join(", ", l.header.names())
                        + "); choose one with tensor: <name>");
            }
            return l.header.entries.get(0);
        }
        for (SafetensorsHeader.Entry e : l.header.entries) {
            if (e.name().equals(name.get())) {
                return e;
            }
        }
        throw Problems.inTensor(in.shown, name.get(), "no such tensor; " + Suggestions.didYouMean(name.get(),
                l.header.names()) + "the file has " + (l.header.entries.isEmpty() ? "none"
                        : String.join(", ", l.header.names())));
    }

    private static Tensor tensor(FileBytes in, Layout l, SafetensorsHeader.Entry e) {
        if (!e.type().floating()) {
            throw Problems.inTensor(in.shown, e.name(), MaskArray.notHere("dtype " + e.type(), e.type()));
        }
        int[] shape = TensorShapes.toTensor(e.shape());
        if (shape == null) {
            throw Problems.inTensor(in.shown, e.name(), "shape " + TensorShapes.format(e.shape())
                    + " has more than 2^31 elements, more than a tensor holds");
        }
        ByteBuffer data = in.read(l.dataStart + e.begin(), e.end() - e.begin(), "tensor '" + e.name() + "'");
        return TensorBytes.decode(data, e.type(), shape);
    }
}
