package dev.attention.assembly.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DataException;
import dev.attention.api.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoaderTest {
    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        Path p = dir.resolve("data.csv");
        Files.writeString(p, text);
        return p;
    }

    private LoadedInput read(String text, List<Object> columns) throws IOException {
        return new DataLoader().readCsv(csv(text), columns, true, Optional.empty());
    }

    private DataException error(String text, List<Object> columns) throws IOException {
        Path p = csv(text);
        return assertThrows(DataException.class,
                () -> new DataLoader().readCsv(p, columns, true, Optional.empty()));
    }

    @Test
    void reads_named_and_indexed_columns_in_the_order_asked() throws IOException {
        LoadedInput in = read("x,y,z\n1,2,3\n4,5,6\n", List.of("z", 0));
        assertArrayEquals(new int[] {2, 2}, in.tensor().shape());
        assertArrayEquals(new double[] {3, 1, 6, 4}, in.tensor().toDoubleArray());
        assertEquals(List.of("z", "x"), in.columns());
    }

    @Test
    void all_columns_by_default_quoted_cells_spaces_and_blank_lines() throws IOException {
        LoadedInput in = read("\"a\", b\n 1.5 ,\"-2e-1\"\n\n3,4\n", List.of());
        assertArrayEquals(new double[] {1.5, -0.2, 3, 4}, in.tensor().toDoubleArray());
        assertEquals(List.of("a", "b"), in.columns());
    }

    @Test
    void groups_become_padded_batch_elements_with_lengths() throws IOException {
        LoadedInput in = new DataLoader().readCsv(csv("doc,x\na,1\na,2\na,3\nb,4\n"), List.of("x"), true,
                Optional.of("doc"));
        Tensor t = in.tensor();
        assertArrayEquals(new int[] {2, 3, 1}, t.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 0, 0}, t.toDoubleArray());
        assertArrayEquals(new int[] {3, 1}, in.lengths().orElseThrow());
    }

    @Test
    void non_contiguous_groups_are_refused() throws IOException {
        Path p = csv("doc,x\na,1\nb,2\na,3\n");
        DataException e = assertThrows(DataException.class,
                () -> new DataLoader().readCsv(p, List.of("x"), true, Optional.of("doc")));
        assertEquals(4, e.row());
        assertTrue(e.getMessage().contains("sort the file by the group column"), e.getMessage());
    }

    @Test
    void headerless_files_use_indices() throws IOException {
        LoadedInput in = new DataLoader().readCsv(csv("1,2\n3,4\n"), List.of(1), false, Optional.empty());
        assertArrayEquals(new double[] {2, 4}, in.tensor().toDoubleArray());
    }

    @Test
    void bad_cells_name_file_line_and_column() throws IOException {
        DataException text = error("x,y\n1,2\n3,abc\n", List.of());
        assertEquals(3, text.row());
        assertEquals("y", text.column().orElseThrow());
        assertTrue(text.getMessage().contains("data.csv:3 column 'y': 'abc' is not a number"), text.getMessage());

        DataException nan = error("x\nNaN\n", List.of());
        assertTrue(nan.getMessage().contains("not a finite number"), nan.getMessage());
        DataException inf = error("x\n-Infinity\n", List.of());
        assertTrue(inf.getMessage().contains("not a finite number"), inf.getMessage());
        DataException empty = error("x,y\n1,\n", List.of());
        assertTrue(empty.getMessage().contains("empty cell"), empty.getMessage());
        DataException javaLiteral = error("x\n1.0f\n", List.of());
        assertTrue(javaLiteral.getMessage().contains("'1.0f' is not a number"), javaLiteral.getMessage());
    }

    @Test
    void ragged_empty_and_header_only_files_are_refused() throws IOException {
        DataException ragged = error("x,y\n1,2\n3\n", List.of());
        assertEquals(3, ragged.row());
        assertTrue(ragged.getMessage().contains("row has 1 cells but the header has 2"), ragged.getMessage());
        assertTrue(error("", List.of()).getMessage().contains("file is empty"));
        assertTrue(error("x,y\n", List.of()).getMessage().contains("header but no data rows"));
    }

    @Test
    void unknown_columns_suggest_the_nearest_and_list_the_header() throws IOException {
        DataException e = error("alpha,beta\n1,2\n", List.of("bta"));
        assertTrue(e.getMessage().contains("did you mean 'beta'?"), e.getMessage());
        assertTrue(e.getMessage().contains("the header has alpha, beta"), e.getMessage());
        DataException idx = error("a\n1\n", List.of(3));
        assertTrue(idx.getMessage().contains("column index out of range"), idx.getMessage());
    }

    @Test
    void a_missing_file_is_named() {
        DataException e = assertThrows(DataException.class, () -> new DataLoader()
                .readCsv(dir.resolve("missing.csv"), List.of(), true, Optional.empty()));
        assertTrue(e.getMessage().contains("missing.csv"), e.getMessage());
        assertTrue(e.getMessage().contains("file not found"), e.getMessage());
    }
}
