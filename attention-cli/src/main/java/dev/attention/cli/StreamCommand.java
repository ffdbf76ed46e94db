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
            "CONFIG's inputs are not read. --view FILE.html: when the stream ends, the page of",
            "the final answers' weights (at most 2000 answers)."})
final class StreamCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(StreamCommand.class);

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigFile config;

    @Mixin
    ViewOption view;

    /** Where the lines come from; {@link Main#run(String[], InputStream, PrintWriter, PrintWriter)} sets it. */
    InputStream input = System.in;

    @Override
    public Integer call() {
        view.check(spec.commandLine());
        StreamSession opened = config.engine().stream(config.path());
        LOG.debug("streaming {}", opened.describe());
        StreamView recorder = view.wanted() ? new StreamView(opened) : null;
        StreamSession session = recorder != null ? recorder : opened;
        PrintWriter out = spec.commandLine().getOut();
        JsonLines.Summary s;
        try {
            s = JsonLines.pump(session, new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8)), out);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the stream failed: " + e.getMessage(), e);
        }
        PrintWriter err = spec.commandLine().getErr();
        if (recorder != null) {
            // stdout carries the answers: the note goes to stderr
            err.println("attention: wrote " + view.write(recorder.page()));
            err.flush();
        }
        if (s.errors() > 0) {
            err.println("attention: " + s.errors() + " of " + s.lines() + " lines were refused (see the error lines)");
            err.flush();
            return 1;
        }
        return 0;
    }
}
