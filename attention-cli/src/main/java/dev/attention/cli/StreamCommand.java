package dev.attention.cli;

import dev.attention.stream.JsonLines;
import dev.attention.stream.StreamSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code attention stream CONFIG}: online attention over JSON lines on stdin, one JSON line per answer
 * on stdout, flushed as soon as it is computed so the command can sit in a live pipe.
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = {"Answer attention queries online. Reads JSON lines on stdin:",
            "  {\"key\":[..],\"value\":[..]}  {\"query\":[..]}  {\"token\":[..]}  {\"end\":true}",
            "and writes one JSON line per answer as soon as it is computed. A bad line gets",
            "{\"error\":\"line N: ...\"} and the stream goes on; the exit code is then 1.",
            "CONFIG's inputs are not read."})
final class StreamCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(StreamCommand.class);

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigFile config;

    /** Where the lines come from; {@link Main#run(String[], InputStream, PrintWriter, PrintWriter)} sets it. */
    InputStream input = System.in;

    @Override
    public Integer call() {
        StreamSession session = config.engine().stream(config.path());
        LOG.debug("streaming {}", session.describe());
        PrintWriter out = spec.commandLine().getOut();
        JsonLines.Summary s;
        try {
            s = JsonLines.pump(session, new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8)), out);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the stream failed: " + e.getMessage(), e);
        }
        if (s.errors() > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("attention: " + s.errors() + " of " + s.lines() + " lines were refused (see the error lines)");
            err.flush();
            return 1;
        }
        return 0;
    }
}
