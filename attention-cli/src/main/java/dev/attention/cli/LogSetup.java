package dev.attention.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The command line's logging, set up in code: logs go to stderr so stdout stays the user output,
 * at WARN ({@code -Dattention.log.level} changes it; {@code -v} lowers it per call, see
 * {@link Main}). The {@code attention} process calls it through {@link LogProvider} (decision 63);
 * elsewhere (the CLI run in-process) Logback finds it through {@code META-INF/services}. It replaces
 * a {@code logback.xml}, whose XML parsing loaded about 300 classes on every start (decision 42).
 * A user's own {@code -Dlogback.configurationFile} still wins: then this steps aside.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        StderrAppender stderr = new StderrAppender();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("attention.log.level"), Level.WARN));
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Logs to stderr in {@link #PATTERN}, with the pattern's layout (its parser, about 70
     * converters, a date formatter) made at the first event: at WARN most commands log nothing, and
     * making it cost every start about 50 ms (decision 63).
     */
    static final class StderrAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
        private volatile ConsoleAppender<ILoggingEvent> console;

        @Override
        protected void append(ILoggingEvent event) {
            ConsoleAppender<ILoggingEvent> c = console;
            if (c == null) {
                c = console();
            }
            c.doAppend(event);
        }

        private synchronized ConsoleAppender<ILoggingEvent> console() {
            if (console == null) {
                PatternLayoutEncoder encoder = new PatternLayoutEncoder();
                encoder.setContext(getContext());
                encoder.setPattern(PATTERN);
                encoder.start();
                ConsoleAppender<ILoggingEvent> c = new ConsoleAppender<>();
                c.setContext(getContext());
                c.setName(getName());
                c.setTarget("System.err");
                c.setEncoder(encoder);
                c.start();
                console = c;
            }
            return console;
        }

        @Override
        public void stop() {
            ConsoleAppender<ILoggingEvent> c = console;
            if (c != null) {
                c.stop();
            }
            super.stop();
        }
    }
}
