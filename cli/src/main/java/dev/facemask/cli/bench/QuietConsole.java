package dev.facemask.cli.bench;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.LoggerConfig;

/**
 * Keeps a benchmark's console to its own figures: the console appender is detached from every
 * logger, so Kafka's, Flink's and DJL's warnings go only to the log file
 * ({@code $TMPDIR/detector.log}, as the README says).
 */
final class QuietConsole {

    /** Name of the console appender in {@code detector-log4j2.xml}. */
    static final String CONSOLE = "console";

    private QuietConsole() {}

    static void apply() {
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
            return;  // another logging backend: nothing of ours to quiet
        }
        for (LoggerConfig logger : context.getConfiguration().getLoggers().values()) {
            Appender console = logger.getAppenders().get(CONSOLE);
            if (console != null) {
                logger.removeAppender(CONSOLE);
                // Errors still reach the console: a failing run must say why.
                logger.addAppender(console, Level.ERROR, null);
            }
        }
        context.updateLoggers();
    }
}
