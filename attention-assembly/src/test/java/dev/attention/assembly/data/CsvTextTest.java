package dev.attention.assembly.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DataException;
import dev.attention.io.util.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV text the parser sees: a byte-order mark removed, cells and records capped as they stream by. */
class CsvTextTest {
    @TempDir
    Path dir;

    @AfterEach
    void defaults() {
        System.clearProperty(Limits.CSV_CELL_CHARS.property());
        System.clearProperty(Limits.CSV_LINE_CHARS.property());
    }

    private Path csv(byte[] bytes) throws IOException {
        Path p = dir.resolve("data.csv");
        Files.write(p, bytes);
        return p;
    }

    private static byte[] withBom(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[body.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }

    @Test
    void a_byte_order_mark_is_not_part_of_the_first_column_name() throws IOException {
        Path p = csv(withBom("x,y\n1,2\n3,4\n"));
        LoadedInput in = new DataLoader().readCsv(p, List.of("x"), true, Optional.empty());
        assertEquals(List.of("x"), in.columns());
        assertArrayEquals(new double[] {1, 3}, in.tensor().toDoubleArray());
        try (CsvChunks chunks = CsvChunks.open(p, List.of(), true, 10)) {
            assertEquals(List.of("x", "y"), chunks.columns());
            assertArrayEquals(new double[] {1, 2, 3, 4}, chunks.next().orElseThrow().toDoubleArray());
        }
    }

    @Test
    void a_byte_order_mark_before_a_number_is_not_a_bad_cell() throws IOException {
        Path p = csv(withBom("5,6\n7,8\n"));
        LoadedInput in = new DataLoader().readCsv(p, List.of(), false, Optional.empty());
        assertArrayEquals(new double[] {5, 6, 7, 8}, in.tensor().toDoubleArray());
    }

    @Test
    void a_cell_over_the_cap_names_the_file_line_cap_and_property() throws IOException {
        System.setProperty(Limits.CSV_CELL_CHARS.property(), "8");
        Path p = csv("x,y\n1,2\n3,123456789\n".getBytes(StandardCharsets.UTF_8));
        DataException e = assertThrows(DataException.class,
                () -> new DataLoader().readCsv(p, List.of(), true, Optional.empty()));
        assertTrue(e.getMessage().startsWith(p + ":3"), e.getMessage());
        assertTrue(e.getMessage().contains("a cell of more than 8 characters is over the limit of 8 characters"),
                e.getMessage());
        assertTrue(e.getMessage().contains("-Dattention.limit.csv-cell-chars=32"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        // Exactly at the cap is fine.
        Path ok = csv("x,y\n1,2\n3,12345678\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(4, new DataLoader().readCsv(ok, List.of(), true, Optional.empty()).tensor().size());
    }

    @Test
    void a_record_over_the_cap_is_refused_also_when_read_in_chunks() throws IOException {
        System.setProperty(Limits.CSV_LINE_CHARS.property(), "20");
        Path p = csv(("x,y\n1,2\n" + "1,".repeat(30) + "1\n").getBytes(StandardCharsets.UTF_8));
        DataException e = assertThrows(DataException.class, () -> {
            try (CsvChunks chunks = CsvChunks.open(p, List.of(), true, 1)) {
                while (chunks.next().isPresent()) {
                    // Read to the end.
                }
            }
        });
        assertTrue(e.getMessage().contains("a line of more than 20 characters"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dattention.limit.csv-line-chars="), e.getMessage());
    }

    @Test
    void a_quoted_cell_spanning_lines_counts_as_one_cell() throws IOException {
        System.setProperty(Limits.CSV_CELL_CHARS.property(), "10");
        // 4 physical lines of 5 characters, one quoted cell of 23: refused although every line is short.
        Path p = csv("label,x\n\"abcde\nabcde\nabcde\nabcde\",1\n".getBytes(StandardCharsets.UTF_8));
        DataException e = assertThrows(DataException.class,
                () -> new DataLoader().readCsv(p, List.of("x"), true, Optional.empty()));
        assertTrue(e.getMessage().contains("a cell of more than 10 characters"), e.getMessage());
        // Quoted commas do not end a cell either, and "" is one quote inside it.
        Path q = csv("label,x\n\"a,b\"\"c\",1\n".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(new double[] {1},
                new DataLoader().readCsv(q, List.of("x"), true, Optional.empty()).tensor().toDoubleArray());
    }
}
