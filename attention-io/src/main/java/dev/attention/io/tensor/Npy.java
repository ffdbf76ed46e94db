package dev.attention.io.tensor;

import static org.apiguardian.api.API.Status.MAINTAINED;

import dev.attention.api.AttentionException;
import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Tensor;
import dev.attention.io.util.DurableFiles;
import dev.attention.io.util.Limits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Reads and writes NumPy's .npy format: the magic {@code \x93NUMPY}, a version byte pair, the
 * header length (2 bytes in version 1.0, 4 in 2.0), a Python dict literal header padded with
 * spaces and a newline so the data starts on a 64-byte boundary, then the data.
 *
 * <p>Only little-endian float32 ({@code '<f4'}) and float64 ({@code '<f8'}) in C order load;
 * big-endian, Fortran order and other dtypes are refused with a {@link DataException} saying how
 * to convert. A 0-d array loads as [1, 1] and a 1-d array of n values as a column [n, 1] (a
 * tensor has rank ≥ 2, and one value per row is what a CSV column gives); higher ranks keep their
 * leading batch dimensions. Files are written as numpy 2 writes them (version 1.0 unless the
 * header needs 2.0), byte for byte.
 */
@API(status = MAINTAINED)
public final class Npy {
    /** The file name extension this format is recognised by. */
    public static final String EXTENSION = ".npy";
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;

    private Npy() {
    }

    /**
     * Reads a floating-point array as a tensor.
     *
     * @throws DataException for a bool or integer array, which only masks and lengths may be
     *     ({@link #readMask}), and every other problem, naming the file
     */
    public static Tensor read(Path file) {
        Raw r = raw(file);
        if (!r.type.floating()) {
            throw Problems.inFile(r.shown, MaskArray.notHere("dtype '" + r.descr + "'", r.type));
        }
        int[] shape = TensorShapes.toTensor(r.shape);
        return TensorBytes.decode(r.data, r.type, shape);
    }

    /**
     * Reads an array where a mask or lengths are expected: bool ({@code |b1}), signed and unsigned
     * integers of 1 to 8 bytes, or float32/float64, in its stored shape.
     */
    public static MaskArray readMask(Path file) {
        Raw r = raw(file);
        return MaskArray.decode(r.data, r.type, r.descr, r.shape);
    }

    private record Raw(String shown, String descr, StorageType type, long[] shape, ByteBuffer data) {
    }

    private static Raw raw(Path file) {
        try (FileBytes in = FileBytes.open(file)) {
            Head h = head(in);
            long need = TensorShapes.elements(h.shape) * h.type.bytes;
            long have = in.size() - h.dataStart;
            if (have != need) {
                throw Problems.inFile(h.shown, "shape " + TensorShapes.format(h.shape) + " of '" + h.descr + "' needs "
                        + need + " data bytes, the file has " + have + (have < need ? " (truncated?)" : ""));
            }
            return new Raw(h.shown, h.descr, h.type, h.shape, in.read(h.dataStart, need, "the data"));
        }
    }

    /**
     * The dtype {@code file}'s array reads as, from its header alone; empty for bool and integer
     * arrays, and for a file that cannot be read (reading it for real then says why).
     */
    static Optional<DType> readsAs(Path file) {
        return storedType(file).map(t -> t.dtype);
    }

    /** The stored element type from the header alone; empty for a file that cannot be read. */
    static Optional<StorageType> storedType(Path file) {
        try (FileBytes in = FileBytes.open(file)) {
            return Optional.of(head(in).type);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private record Head(String shown, String descr, StorageType type, long[] shape, long dataStart) {
    }

    private static Head head(FileBytes in) {
        String shown = in.shown;
        if (in.size() < 10) {
            throw Problems.inFile(shown, "only " + in.size() + " bytes; not a .npy file");
        }
        ByteBuffer pre = in.read(0, 10, "the preamble");
        for (int k = 0; k < MAGIC.length; k++) {
            if (pre.get(k) != MAGIC[k]) {
                throw Problems.inFile(shown, "does not start with \\x93NUMPY; not a .npy file");
            }
        }
        int major = pre.get(6) & 0xff;
        long length;
        int start;
        if (major == 1) {
            length = pre.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2) {
            if (in.size() < 12) {
                throw Problems.inFile(shown, "ends inside the version 2.0 preamble (truncated?)");
            }
            length = in.read(8, 4, "the header length").getInt(0) & 0xffffffffL;
            start = 12;
        } else {
            throw Problems.inFile(shown, "format version " + major + "." + (pre.get(7) & 0xff)
                    + " is not supported; save with numpy's default (1.0) or version 2.0");
        }
        if (start + length > in.size()) {
            throw Problems.inFile(shown, "header length " + length + " exceeds the file (truncated?)");
        }
        if (length > Limits.NPY_HEADER_BYTES.value()) {
            throw Problems.inFile(shown, Limits.NPY_HEADER_BYTES.over("header of " + length + " bytes"));
        }
        ByteBuffer headerBytes = in.read(start, length, "the header");
        NpyHeader h = NpyHeader.parse(shown, StandardCharsets.ISO_8859_1.decode(headerBytes).toString());
        StorageType type = type(shown, h.descr);
        if (h.fortranOrder) {
            throw Problems.inFile(shown, "array is in Fortran order; save np.ascontiguousarray(a) instead");
        }
        if (TensorShapes.toTensor(h.shape) == null) {
            throw Problems.inFile(shown, "shape " + TensorShapes.format(h.shape) + " has more than 2^31 elements");
        }
        return new Head(shown, h.descr, type, h.shape, start + length);
    }

    private static StorageType type(String shown, String descr) {
        switch (descr) {
            case "<f4":
                return StorageType.F32;
            case "<f8":
                return StorageType.F64;
            case "|b1":
                return StorageType.BOOL;
            case "|u1":
            case "<u1":
                return StorageType.U8;
            case "|i1":
            case "<i1":
                return StorageType.I8;
            case "<i2":
                return StorageType.I16;
            case "<u2":
                return StorageType.U16;
            case "<i4":
                return StorageType.I32;
            case "<u4":
                return StorageType.U32;
            case "<i8":
                return StorageType.I64;
            case "<u8":
                return StorageType.U64;
            default:
                if (descr.length() > 1 && descr.charAt(0) == '>' && "fiu".indexOf(descr.charAt(1)) >= 0) {
                    throw Problems.inFile(shown, "data is big-endian ('" + descr + "'); save a.astype('<"
                            + descr.substring(1) + "') instead");
                }
                throw Problems.inFile(shown, "dtype '" + descr + "' is not supported; save a.astype('<f4') or"
                        + " a.astype('<f8') (masks and lengths may also be bool or integer)");
        }
    }

    /** Writes {@code t} as '<f4' or '<f8' in C order, replacing the file atomically. */
    public static void write(Path file, Tensor t) {
        byte[] header = header(TensorLayout.of(t));
        try {
            DurableFiles.replace(file, out -> {
                out.write(header);
                TensorBytes.encode(t, out);
            });
        } catch (IOException e) {
            throw new AttentionException("cannot write " + file + ": " + e.getMessage()
                    + " (nothing was written; check the folder and free space)", e);
        }
    }

    /**
     * Every byte of a .npy file before its data, as {@code numpy.save} writes them for an array of
     * this layout ('<f4' or '<f8', C order): a writer streams the elements, little-endian, after it.
     */
    public static byte[] header(TensorLayout layout) {
        int[] dims = layout.shape();
        long[] shape = new long[dims.length];
        for (int k = 0; k < dims.length; k++) {
            shape[k] = dims[k];
        }
        String dict = new NpyHeader(layout.dtype() == DType.FLOAT32 ? "<f4" : "<f8", false, shape).format();
        // Version 1.0 stores the header length in 2 bytes; anything longer needs 2.0.
        int version = 1;
        byte[] h = padded(dict, 10);
        if (h.length > 0xffff) {
            version = 2;
            h = padded(dict, 12);
        }
        ByteBuffer out = ByteBuffer.allocate((version == 1 ? 10 : 12) + h.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            out.putShort((short) h.length);
        } else {
            out.putInt(h.length);
        }
        return out.put(h).array();
    }

    /** The dict, spaces and a final newline, so that preamble + header is a multiple of 64 bytes. */
    private static byte[] padded(String dict, int preamble) {
        int total = preamble + dict.length() + 1;
        int pad = (ALIGN - total % ALIGN) % ALIGN;
        return (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
