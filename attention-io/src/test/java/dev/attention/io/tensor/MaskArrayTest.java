package dev.attention.io.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DataException;
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

/** Bool and integer arrays load where masks and lengths are expected, and only there. Files are built byte by byte. */
class MaskArrayTest {
    @TempDir
    Path dir;

    /** A version 1.0 .npy file as numpy lays it out: magic, version, header length, dict padded to 64, data. */
    private Path npy(String name, String descr, String shape, byte[] data) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        byte[] header = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, (byte) (header.length >> 8)});
        out.write(header);
        out.write(data);
        Path f = dir.resolve(name);
        Files.write(f, out.toByteArray());
        return f;
    }

    private static byte[] longs(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    @Test
    void a_bool_npy_loads_as_a_mask_in_its_stored_shape() throws IOException {
        Path f = npy("kpm.npy", "|b1", "(2, 5)", new byte[] {0, 1, 0, 0, 1, 0, 0, 0, 1, 1});
        MaskArray a = TensorFiles.loadMask(f, Optional.empty());
        assertArrayEquals(new int[] {2, 5}, a.shape());
        assertEquals(MaskArray.Kind.BOOL, a.kind());
        assertEquals("|b1", a.dtype());
        assertArrayEquals(new double[] {0, 1, 0, 0, 1, 0, 0, 0, 1, 1}, a.values());
    }

    @Test
    void integer_npy_loads_exactly_signed_and_unsigned() throws IOException {
        MaskArray l = TensorFiles.loadMask(npy("len.npy", "<i8", "(3,)", longs(5, 0, -2)), Optional.empty());
        assertArrayEquals(new int[] {3}, l.shape());
        assertEquals(MaskArray.Kind.INTEGER, l.kind());
        assertArrayEquals(new double[] {5, 0, -2}, l.values());
        MaskArray u = TensorFiles.loadMask(npy("u8.npy", "|u1", "(2,)", new byte[] {(byte) 255, 1}), Optional.empty());
        assertArrayEquals(new double[] {255, 1}, u.values());
        MaskArray big = TensorFiles.loadMask(npy("u64.npy", "<u8", "(1,)", longs(-1)), Optional.empty());
        assertEquals(18446744073709551615.0, big.values()[0]);
    }

    @Test
    void float_masks_keep_minus_infinity_for_the_caller_to_judge() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(Float.NEGATIVE_INFINITY).putFloat(0.5f);
        MaskArray a = TensorFiles.loadMask(npy("am.npy", "<f4", "(1, 2)", b.array()), Optional.empty());
        assertEquals(MaskArray.Kind.FLOAT, a.kind());
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 0.5}, a.values());
    }

    @Test
    void bool_and_integer_arrays_are_refused_as_data_naming_what_may_be() throws IOException {
        Path f = npy("x.npy", "|b1", "(2,)", new byte[] {0, 1});
        DataException e = assertThrows(DataException.class, () -> TensorFiles.load(f, Optional.empty()));
        assertEquals(f + ": dtype '|b1' is bool; only masks and lengths may be bool/integer (inputs key_padding_mask,"
                + " attention_mask, attn_mask, key_lengths, query_lengths); save data as a.astype('<f4') or"
                + " a.astype('<f8')", e.getMessage());
    }

    @Test
    void complex_and_string_dtypes_are_refused_even_as_masks() throws IOException {
        Path c = npy("c.npy", "<c8", "(1,)", new byte[8]);
        DataException e = assertThrows(DataException.class, () -> TensorFiles.loadMask(c, Optional.empty()));
        assertTrue(e.getMessage().startsWith(c + ": dtype '<c8' is not supported"), e.getMessage());
        Path s = npy("s.npy", "<U1", "(1,)", new byte[4]);
        e = assertThrows(DataException.class, () -> TensorFiles.loadMask(s, Optional.empty()));
        assertTrue(e.getMessage().startsWith(s + ": dtype '<U1' is not supported"), e.getMessage());
    }

    @Test
    void safetensors_bool_and_integers_load_as_masks_and_bool_is_refused_as_data() throws IOException {
        String json = "{\"m\":{\"dtype\":\"BOOL\",\"shape\":[2,2],\"data_offsets\":[0,4]},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[4,20]}}";
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 20).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(new byte[] {1, 0, 0, 1}).putLong(3).putLong(4);
        Path f = dir.resolve("m.safetensors");
        Files.write(f, b.array());
        MaskArray m = TensorFiles.loadMask(f, Optional.of("m"));
        assertEquals(MaskArray.Kind.BOOL, m.kind());
        assertArrayEquals(new double[] {1, 0, 0, 1}, m.values());
        assertArrayEquals(new double[] {3, 4}, TensorFiles.loadMask(f, Optional.of("n")).values());
        DataException e = assertThrows(DataException.class, () -> TensorFiles.load(f, Optional.of("m")));
        assertTrue(e.getMessage().startsWith(f + ": tensor 'm': dtype BOOL is bool; only masks and lengths may be"
                + " bool/integer"), e.getMessage());
    }
}
