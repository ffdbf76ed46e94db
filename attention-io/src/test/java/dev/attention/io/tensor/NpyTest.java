package dev.attention.io.tensor;

import static dev.attention.io.tensor.TestFiles.ramp;
import static dev.attention.io.tensor.TestFiles.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DType;
import dev.attention.api.DataException;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void reads_numpy_files_of_both_versions_and_ranks_zero_to_three() {
        assertEquals(ramp(DType.FLOAT32, 2, 3), Npy.read(resource("f32_2d.npy")));
        assertEquals(ramp(DType.FLOAT64, 2, 2, 3), Npy.read(resource("f64_3d.npy")));
        assertEquals(ramp(DType.FLOAT64, 3, 2), Npy.read(resource("f64_2d_v2.npy")), "version 2.0");
        assertEquals(ramp(DType.FLOAT64, 4, 1), Npy.read(resource("f64_1d.npy")), "1-d is a column");
        assertEquals(Tensor.of(DType.FLOAT64, new int[] {1, 1}, 2.5), Npy.read(resource("f64_scalar.npy")));
    }

    @Test
    void writes_what_numpy_save_writes_byte_for_byte() throws IOException {
        Path f32 = dir.resolve("a.npy");
        Npy.write(f32, ramp(DType.FLOAT32, 2, 3));
        assertArrayEquals(Files.readAllBytes(resource("f32_2d.npy")), Files.readAllBytes(f32));
        Path f64 = dir.resolve("b.npy");
        Npy.write(f64, ramp(DType.FLOAT64, 2, 2, 3));
        assertArrayEquals(Files.readAllBytes(resource("f64_3d.npy")), Files.readAllBytes(f64));
    }

    @Test
    void round_trips_are_bit_identical_for_both_types_and_ranks_two_to_four() {
        for (Tensor t : new Tensor[] {ramp(DType.FLOAT32, 3, 1), ramp(DType.FLOAT64, 2, 5),
                ramp(DType.FLOAT32, 2, 3, 4), ramp(DType.FLOAT64, 2, 1, 3, 2), Tensor.zeros(DType.FLOAT64, 0, 2),
                Tensor.of(DType.FLOAT64, new int[] {1, 3}, Math.E, -0.0, Double.MIN_VALUE)}) {
            Path f = dir.resolve("t.npy");
            Npy.write(f, t);
            assertEquals(t, Npy.read(f));
        }
    }

    @Test
    void a_header_too_long_for_version_one_is_written_as_version_two() throws IOException {
        int[] shape = new int[25_000];
        java.util.Arrays.fill(shape, 1);
        shape[0] = 2;
        Tensor t = Tensor.zeros(DType.FLOAT32, shape);
        Path f = dir.resolve("wide.npy");
        Npy.write(f, t);
        byte[] bytes = Files.readAllBytes(f);
        assertEquals(2, bytes[6]);
        assertEquals(t, Npy.read(f));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "fortran.npy    | array is in Fortran order; save np.ascontiguousarray(a) instead",
        "big_endian.npy | data is big-endian ('>f4'); save a.astype('<f4') instead",
        "int32.npy      | dtype '<i4' is integer; a tensor here must be float (integer arrays load only as inputs: data, masks, lengths); save it as a.astype('<f4') or a.astype('<f8')",
        "truncated.npy  | shape [2, 3] of '<f4' needs 24 data bytes, the file has 21 (truncated?)",
        "bad_magic.npy  | does not start with \\x93NUMPY; not a .npy file",
    })
    void refused_files_give_one_clear_line(String file, String expected) {
        Path p = resource("corrupt/" + file);
        DataException e = assertThrows(DataException.class, () -> Npy.read(p));
        assertEquals(p + ": " + expected, e.getMessage());
    }

    @Test
    void malformed_headers_name_the_problem() {
        DataException e = assertThrows(DataException.class,
                () -> NpyHeader.parse("x.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, a), }"));
        assertTrue(e.getMessage().startsWith("x.npy: malformed .npy header: shape holds a non-integer"), e.getMessage());
        e = assertThrows(DataException.class,
                () -> NpyHeader.parse("x.npy", "{'descr': '<f4', 'shape': (2,), }"));
        assertEquals("x.npy: header has no 'fortran_order'", e.getMessage());
    }

    @Test
    void header_keys_may_come_in_any_order_and_spacing() {
        NpyHeader h = NpyHeader.parse("x.npy", "{\"shape\":(3L,4,),'fortran_order':True,'descr':'<f8'}  \n");
        assertArrayEquals(new long[] {3, 4}, h.shape);
        assertTrue(h.fortranOrder);
        assertEquals("<f8", h.descr);
    }
}
