package dev.attention.io.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.AttentionException;
import dev.attention.api.DataException;
import dev.attention.api.Tensor;
import dev.attention.io.tensor.Npy;
import dev.attention.io.tensor.Safetensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The caps, their overrides, and the tensor headers they bound (checked from the length, before reading). */
class LimitsTest {
    @TempDir
    Path dir;

    @AfterEach
    void defaults() {
        Limits.ALL.forEach(l -> System.clearProperty(l.property()));
    }

    @Test
    void defaults_and_overrides() {
        assertEquals(1L << 20, Limits.CONFIG_BYTES.value());
        assertEquals("attention.limit.config-bytes", Limits.CONFIG_BYTES.property());
        System.setProperty(Limits.CONFIG_BYTES.property(), "4_194_304");
        assertEquals(4_194_304L, Limits.CONFIG_BYTES.value());
        assertEquals("config of 5 bytes is over the limit of 4194304 bytes (4.0 MiB); if the input is trusted,"
                + " raise it with java -Dattention.limit.config-bytes=16777216 -jar ...",
                Limits.CONFIG_BYTES.over("config of 5 bytes"));
    }

    @Test
    void a_bad_override_is_one_line_naming_the_property() {
        for (String bad : new String[] {"lots", "0", "-5", "1e6"}) {
            System.setProperty(Limits.STREAM_LINE_CHARS.property(), bad);
            AttentionException e = assertThrows(AttentionException.class, Limits.STREAM_LINE_CHARS::value);
            assertEquals("-Dattention.limit.stream-line-chars=" + bad + " is not a positive whole number of characters;"
                    + " give e.g. -Dattention.limit.stream-line-chars=16777216", e.getMessage());
        }
    }

    @Test
    void a_npy_header_over_the_cap_is_refused_before_it_is_read() throws IOException {
        Path p = dir.resolve("a.npy");
        Npy.write(p, Tensor.of(dev.attention.api.DType.FLOAT64, new int[] {2, 1}, new double[] {1, 2}));
        long header = Files.size(p) - 16 - 10; // 1.0 preamble is 10 bytes, the data 16
        System.setProperty(Limits.NPY_HEADER_BYTES.property(), Long.toString(header - 1));
        DataException e = assertThrows(DataException.class, () -> Npy.read(p));
        assertEquals(p + ": header of " + header + " bytes is over the limit of " + (header - 1) + " bytes; if the"
                + " input is trusted, raise it with java -Dattention.limit.npy-header-bytes=" + 4 * (header - 1)
                + " -jar ...", e.getMessage());
        System.setProperty(Limits.NPY_HEADER_BYTES.property(), Long.toString(header));
        assertEquals(2, Npy.read(p).size());
    }

    @Test
    void a_safetensors_header_over_the_cap_is_refused_before_it_is_parsed() throws IOException {
        Path p = dir.resolve("a.safetensors");
        Safetensors.write(p, Map.of("w", Tensor.of(dev.attention.api.DType.FLOAT64, new int[] {1, 1},
                new double[] {3})), Map.of());
        long header = ByteBuffer.wrap(Files.readAllBytes(p), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        System.setProperty(Limits.SAFETENSORS_HEADER_BYTES.property(), Long.toString(header - 1));
        DataException e = assertThrows(DataException.class, () -> Safetensors.read(p));
        assertTrue(e.getMessage().startsWith(p + ": JSON header of " + header + " bytes is over the limit of "
                + (header - 1) + " bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dattention.limit.safetensors-header-bytes="), e.getMessage());
        System.clearProperty(Limits.SAFETENSORS_HEADER_BYTES.property());
        assertEquals(3.0, Safetensors.read(p, "w").toDoubleArray()[0]);
    }

    @Test
    void the_default_safetensors_cap_refuses_a_header_the_old_100_mb_guard_let_through() throws IOException {
        // A sparse file: a 20 MB header length that fits in the file, so only the cap refuses it.
        Path p = dir.resolve("big.safetensors");
        long n = 20L << 20;
        try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n));
            ch.write(ByteBuffer.wrap("{}".getBytes(StandardCharsets.US_ASCII)), 8 + n - 2);
        }
        DataException e = assertThrows(DataException.class, () -> Safetensors.read(p));
        assertTrue(e.getMessage().contains("over the limit of 16777216 bytes (16.0 MiB)"), e.getMessage());
    }
}
