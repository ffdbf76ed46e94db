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

/** {@code group: [document, sentence]}: rows nested into a padded {@code [D, S, T, d]} tensor. */
class NestedGroupsTest {
    @TempDir
    Path dir;

    private LoadedInput read(String text) throws IOException {
        Path p = dir.resolve("docs.csv");
        Files.writeString(p, text);
        return new DataLoader().readCsv(p, List.of(), true, List.of("document", "sentence"));
    }

    @Test
    void documents_of_sentences_of_tokens_are_padded_at_every_level() throws IOException {
        // Document a: sentence 0 has tokens 1, 2; sentence 1 has token 3.
        // Document b: one sentence of three tokens 4, 5, 6 (sentence ids restart per document).
        LoadedInput in = read("document,sentence,x\na,0,1\na,0,2\na,1,3\nb,0,4\nb,0,5\nb,0,6\n");
        assertArrayEquals(new int[] {2, 2, 3, 1}, in.tensor().shape());
        assertArrayEquals(new double[] {1, 2, 0, 3, 0, 0, 4, 5, 6, 0, 0, 0}, in.tensor().toDoubleArray());
        assertArrayEquals(new int[] {2, 1, 3, 0}, in.lengths().orElseThrow(), "tokens per sentence");
        assertEquals(1, in.outerLengths().size());
        assertArrayEquals(new int[] {2, 1}, in.outerLengths().get(0), "sentences per document");
        assertEquals(List.of("a", "b"), in.groups());
        assertEquals(List.of("x"), in.columns(), "group columns are not features");
        assertEquals(2, in.nesting());
    }

    @Test
    void a_sentence_split_within_its_document_is_refused_with_its_line() throws IOException {
        Path p = dir.resolve("docs.csv");
        Files.writeString(p, "document,sentence,x\na,0,1\na,1,2\na,0,3\n");
        DataException e = assertThrows(DataException.class,
                () -> new DataLoader().readCsv(p, List.of(), true, List.of("document", "sentence")));
        assertTrue(e.getMessage().contains("sentence '0' (in document 'a') are not contiguous"), e.getMessage());
        assertTrue(e.getMessage().contains(":4"), e.getMessage());
    }

    @Test
    void a_split_document_is_refused() throws IOException {
        Path p = dir.resolve("docs.csv");
        Files.writeString(p, "document,sentence,x\na,0,1\nb,0,2\na,1,3\n");
        DataException e = assertThrows(DataException.class,
                () -> new DataLoader().readCsv(p, List.of(), true, List.of("document", "sentence")));
        assertTrue(e.getMessage().contains("document 'a'"), e.getMessage());
    }

    @Test
    void a_label_column_is_kept_per_sentence_and_not_read_as_a_feature() throws IOException {
        Path p = dir.resolve("docs.csv");
        Files.writeString(p, "document,sentence,word,x\na,0,the,1\na,0,cat,2\na,1,sat,3\nb,0,a,4\n");
        LoadedInput in = new DataLoader().readCsv(p, List.of(), true, List.of("document", "sentence"),
                Optional.of("word"));
        assertEquals(List.of("x"), in.columns());
        // One list per innermost group [D·S], the padded sentence (b, 1) empty.
        assertEquals(List.of(List.of("the", "cat"), List.of("sat"), List.of("a"), List.of()), in.labels());
    }
}
