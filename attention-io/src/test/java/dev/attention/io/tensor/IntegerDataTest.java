package dev.attention.io.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Integer arrays load as data (edges, class labels) exactly, as float64; files are built byte by byte. */
class IntegerDataTest {
    @TempDir
    Path dir;

    /** A version 1.0 .npy file as numpy lays it out: magic, version, header length, dict padded to 64, data. */
    private Path npy(String name, String descr, String shape, byte[] data) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        byte[] header = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length,
            (byte) (header.length >> 8)});
        out.write(header);
        out.write(data);
        Path f = dir.resolve(name);
        Files.write(f, out.toByteArray());
        return f;
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void int64_edges_load_as_a_float64_matrix_of_the_same_numbers() throws IOException {
        ByteBuffer b = le(6 * 8);
        for (long v : new long[] {0, 1, 1, 2, 33, 0}) {
            b.putLong(v);
        }
        Path f = npy("edges.npy", "<i8", "(3, 2)", b.array());
        assertTrue(TensorFiles.storesIntegers(f, Optional.empty()));
        Tensor t = TensorFiles.load(f, Optional.empty());
        assertEquals(DType.FLOAT64, t.dtype());
        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertArrayEquals(new double[] {0, 1, 1, 2, 33, 0}, t.toDoubleArray());
    }

    @Test
    void every_integer_width_loads_exactly_a_1d_array_as_a_column() throws IOException {
        ByteBuffer i32 = le(12).putInt(-7).putInt(Integer.MAX_VALUE).putInt(5);
        Tensor t = TensorFiles.load(npy("i4.npy", "<i4", "(3,)", i32.array()), Optional.empty());
        assertArrayEquals(new int[] {3, 1}, t.shape());
        assertArrayEquals(new double[] {-7, 2147483647, 5}, t.toDoubleArray());
        ByteBuffer i16 = le(4).putShort((short) -300).putShort((short) 300);
        assertArrayEquals(new double[] {-300, 300},
                TensorFiles.load(npy("i2.npy", "<i2", "(2,)", i16.array()), Optional.empty()).toDoubleArray());
        assertArrayEquals(new double[] {-128, 127},
                TensorFiles.load(npy("i1.npy", "|i1", "(2,)", new byte[] {-128, 127}), Optional.empty()).toDoubleArray());
        assertArrayEquals(new double[] {255, 0},
                TensorFiles.load(npy("u1.npy", "|u1", "(2,)", new byte[] {(byte) 255, 0}), Optional.empty()).toDoubleArray());
        // 2^53 − 1 is the largest integer a double holds with all its neighbours: still exact.
        ByteBuffer edge = le(16).putLong((1L << 53) - 1).putLong(-((1L << 53) - 1));
        assertArrayEquals(new double[] {9007199254740991.0, -9007199254740991.0},
                TensorFiles.load(npy("i8.npy", "<i8", "(2,)", edge.array()), Optional.empty()).toDoubleArray());
    }

    @Test
    void an_int64_of_2_to_the_53_or_more_is_refused_in_one_line() throws IOException {
        ByteBuffer b = le(16).putLong(4).putLong((1L << 53) + 1);
        Path f = npy("big.npy", "<i8", "(2,)", b.array());
        DataException e = assertThrows(DataException.class, () -> TensorFiles.load(f, Optional.empty()));
        assertEquals(f + ": element 1 (row-major) of dtype '<i8' is about 9007199254740992, beyond 2^53 − 1"
                + " (9007199254740991), the largest integer data loads exactly; store smaller values", e.getMessage());
        ByteBuffer u = le(8).putLong(-1L);
        Path g = npy("u8.npy", "<u8", "(1,)", u.array());
        e = assertThrows(DataException.class, () -> TensorFiles.load(g, Optional.empty()));
        assertTrue(e.getMessage().startsWith(g + ": element 0 (row-major) of dtype '<u8' is about 18446744073709551616,"),
                e.getMessage());
    }

    @Test
    void safetensors_i32_and_i64_tensors_load_as_data_by_name() throws IOException {
        String json = "{\"a\":{\"dtype\":\"I32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"I64\",\"shape\":[2,1],\"data_offsets\":[8,24]},"
                + "\"c\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[24,28]}}";
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = le(8 + h.length + 28);
        b.putLong(h.length).put(h).putInt(3).putInt(-1).putLong(40).putLong(41).putFloat(0.5f);
        Path f = dir.resolve("g.safetensors");
        Files.write(f, b.array());
        assertArrayEquals(new double[] {3, -1}, TensorFiles.load(f, Optional.of("a")).toDoubleArray());
        Tensor t = TensorFiles.load(f, Optional.of("b"));
        assertArrayEquals(new int[] {2, 1}, t.shape());
        assertArrayEquals(new double[] {40, 41}, t.toDoubleArray());
        assertFalse(TensorFiles.storesIntegers(f, Optional.of("c")));
        assertEquals(DType.FLOAT32, TensorFiles.load(f, Optional.of("c")).dtype());
    }

    @Test
    void bool_stays_a_mask_type_and_float_files_are_no_integer_files() throws IOException {
        Path f = npy("x.npy", "|b1", "(2,)", new byte[] {0, 1});
        assertFalse(TensorFiles.storesIntegers(f, Optional.empty()));
        DataException e = assertThrows(DataException.class, () -> TensorFiles.load(f, Optional.empty()));
        assertTrue(e.getMessage().contains("is bool; only masks and lengths may be bool"), e.getMessage());
        Path g = npy("f.npy", "<f8", "(1,)", le(8).putDouble(2.5).array());
        assertFalse(TensorFiles.storesIntegers(g, Optional.empty()));
    }
}
