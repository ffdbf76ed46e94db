package dev.attention.assembly.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records as the loaders see them, from the streaming parser: cells, quotes, blank lines, spaces. */
class CsvRowsTest {
    private static List<List<String>> records(String text) throws IOException {
        CsvRows rows = CsvRows.of(new StringReader(text));
        List<List<String>> out = new ArrayList<>();
        for (String[] r = rows.next(); r != null; r = rows.next()) {
            out.add(Arrays.asList(r));
        }
        return out;
    }

    @Test
    void every_record_is_its_cells_in_order() throws IOException {
        assertEquals(List.of(List.of("x", "y"), List.of("1", "2.5"), List.of("-3e2", "")),
                records("x,y\n1,2.5\n-3e2,\n"));
    }

    @Test
    void quoted_cells_keep_commas_newlines_and_doubled_quotes() throws IOException {
        assertEquals(List.of(List.of("name", "note"), List.of("a,b", "two\nlines"), List.of("say \"hi\"", "1")),
                records("name,note\n\"a,b\",\"two\nlines\"\n\"say \"\"hi\"\"\",1\n"));
    }

    @Test
    void a_blank_line_is_one_empty_cell_and_the_last_line_needs_no_newline() throws IOException {
        assertEquals(List.of(List.of("a"), List.of(""), List.of("1")), records("a\n\n1"));
    }

    @Test
    void spaces_around_cells_are_trimmed() throws IOException {
        assertEquals(List.of(List.of("x", "y"), List.of("1", "2")), records(" x , y\n 1 ,2 \n"));
    }

    @Test
    void an_empty_text_has_no_records() throws IOException {
        assertEquals(List.of(), records(""));
    }

    @Test
    void an_unclosed_quote_is_the_parser_s_error() {
        IOException e = assertThrows(IOException.class, () -> records("a\n\"open,1\n"));
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("quote"), e.getMessage());
    }
}
