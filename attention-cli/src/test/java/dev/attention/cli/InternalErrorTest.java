package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** An unexpected exception still gives one stderr line, naming the root cause. */
class InternalErrorTest {
    @Test
    void a_multi_line_wrapped_error_becomes_one_line_naming_the_root_cause() {
        // The shape of a Guice ProvisionException: a many-line report around the real cause.
        Throwable cause = new NoClassDefFoundError("com/example/Missing");
        RuntimeException wrapped = new RuntimeException("Unable to provision, see the following errors:\n\n"
                + "1) [Guice/ErrorInCustomProvider]: ...\n  at ConfigModule.dataLoader", cause);

        assertEquals("attention: internal error: java.lang.NoClassDefFoundError: com/example/Missing"
                + " (run with --verbose for the stack trace)", AttentionCommand.internalError(wrapped));
    }

    @Test
    void a_multi_line_message_without_cause_keeps_its_first_line() {
        assertEquals("attention: internal error: java.lang.IllegalStateException: first"
                + " (run with --verbose for the stack trace)",
                AttentionCommand.internalError(new IllegalStateException("first\nsecond")));
    }
}
