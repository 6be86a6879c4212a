package dev.facemask.job.testing;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Captures everything logged at INFO and above while open: Flink's and Kafka's own lines, such as
 * the configuration dump of every Kafka client. The test configuration logs only warnings, so this
 * raises the root, {@code org.apache.kafka} and {@code kafka} loggers to INFO for its lifetime and
 * keeps the console at WARN through its appender reference.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.atInfo()) { ...; assertThat(logs.text()).doesNotContain(secret); }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {

    private static final List<String> LOGGERS = List.of(LogManager.ROOT_LOGGER_NAME, "org.apache.kafka", "kafka");

    private final StringWriter text = new StringWriter();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Map<LoggerConfig, Level> previous = new LinkedHashMap<>();
    private final WriterAppender appender;

    private LogCapture() {
        Configuration config = context.getConfiguration();
        appender = WriterAppender.newBuilder().setName("capture-" + System.nanoTime()).setTarget(text)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c - %m%n").build()).build();
        appender.start();
        config.addAppender(appender);
        for (String name : LOGGERS) {
            LoggerConfig logger = config.getLoggerConfig(name);
            previous.put(logger, logger.getLevel());
            logger.setLevel(Level.INFO);
        }
        config.getRootLogger().addAppender(appender, Level.INFO, null);
        context.updateLoggers();
    }

    public static LogCapture atInfo() {
        return new LogCapture();
    }

    /** What was logged so far, one event a line: level, logger, message. */
    public String text() {
        return text.toString(); // StringWriter is synchronised
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender(appender.getName());
        previous.forEach(LoggerConfig::setLevel);
        context.updateLoggers();
        appender.stop();
    }
}
