package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The process's SLF4J binding: Logback set up in code, WARN and above to stderr in LogSetup's pattern. */
class LogProviderTest {
    @Test
    void warnings_reach_stderr_in_the_pattern_and_info_does_not() {
        LogProvider provider = new LogProvider();
        provider.initialize();
        Logger log = provider.getLoggerFactory().getLogger("dev.attention.cli.Example");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            log.info("not shown");
            log.warn("shown {}", 42);
        } finally {
            System.setErr(old);
        }
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines::toString);
        // %d{HH:mm:ss.SSS} %-5level %logger{20} - %msg: the logger name abbreviated to 20 characters
        assertTrue(lines.get(0).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  d\\.a\\.cli\\.Example - shown 42"),
                lines::toString);
    }
}
