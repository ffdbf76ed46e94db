package dev.attention.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The message reads {@code file:row column 'c': message}, omitting what is unknown. */
class DataExceptionTest {

    @Test
    void file_row_and_column() {
        DataException e = new DataException("data.csv", 7, "x2", "not a number: 'abc'");
        assertEquals("data.csv:7 column 'x2': not a number: 'abc'", e.getMessage());
        assertEquals("data.csv", e.file().orElseThrow());
        assertEquals(7, e.row());
        assertEquals("x2", e.column().orElseThrow());
    }

    @Test
    void whole_file_problems_have_no_row() {
        assertEquals("data.csv: empty file", new DataException("data.csv", 0, null, "empty file").getMessage());
        assertEquals("data.csv column 'y': missing", new DataException("data.csv", 0, "y", "missing").getMessage());
    }

    @Test
    void without_a_file_only_the_message_remains() {
        DataException e = new DataException(null, 0, null, "no rows");
        assertEquals("no rows", e.getMessage());
        assertTrue(e.file().isEmpty());
        assertTrue(e.column().isEmpty());
    }

    @Test
    void within_appends_the_context_and_keeps_the_position() {
        DataException e = new DataException("data.csv", 7, "x2", "not a number").within("for inputs.keys");
        assertEquals("data.csv:7 column 'x2': not a number (for inputs.keys)", e.getMessage());
        assertEquals(7, e.row());
        assertEquals("x2", e.column().orElseThrow());
    }
}
