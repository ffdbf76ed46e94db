package dev.attention.assembly.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attention.api.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A text column naming each row (a token), kept beside the numbers and never parsed as one. */
class LabelColumnTest {
    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("words.csv"), text);
    }

    @Test
    void labels_are_kept_per_row_and_not_read_as_data() throws IOException {
        LoadedInput in = new DataLoader().readCsv(csv("word,e1,e2\nthe,1,0\ncat,0,1\n"), List.of(), true,
                Optional.empty(), Optional.of("word"));
        assertEquals(List.of("e1", "e2"), in.columns(), "all columns but the label column");
        assertArrayEquals(new double[] {1, 0, 0, 1}, in.tensor().toDoubleArray());
        assertEquals(List.of(List.of("the", "cat")), in.labels());
    }

    @Test
    void a_label_column_by_index_without_a_header() throws IOException {
        LoadedInput in = new DataLoader().readCsv(csv("le,1\nchat,2\n"), List.of(1), false, Optional.empty(),
                Optional.of(0));
        assertEquals(List.of(List.of("le", "chat")), in.labels());
    }

    @Test
    void grouped_labels_are_split_per_batch_element_without_padding() throws IOException {
        LoadedInput in = new DataLoader().readCsv(csv("doc,word,x\na,the,1\na,cat,2\nb,a,3\n"), List.of("x"), true,
                Optional.of("doc"), Optional.of("word"));
        assertEquals(List.of(List.of("the", "cat"), List.of("a")), in.labels());
        assertEquals(List.of("a", "b"), in.groups());
    }

    @Test
    void no_label_column_means_no_labels() throws IOException {
        assertEquals(List.of(), new DataLoader().readCsv(csv("x\n1\n"), List.of(), true, Optional.empty())
                .labels());
    }

    @Test
    void a_missing_label_column_is_a_data_error_naming_it() throws IOException {
        Path p = csv("word,e1\nthe,1\n");
        DataException e = assertThrows(DataException.class, () -> new DataLoader().readCsv(p, List.of("e1"), true,
                Optional.empty(), Optional.of("words")));
        assertTrue(e.getMessage().contains("words"), e.getMessage());
        assertTrue(e.getMessage().contains("label column not found"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'word'?"), e.getMessage());
        DataException idx = assertThrows(DataException.class, () -> new DataLoader().readCsv(p, List.of("e1"), true,
                Optional.empty(), Optional.of(5)));
        assertTrue(idx.getMessage().contains("label column not found"), idx.getMessage());
    }
}
