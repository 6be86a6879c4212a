package dev.facemask.cli.bench;

import dev.facemask.kafka.embedded.EmbeddedKafka;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.LoggerConfig;

/**
 * Keeps a benchmark's console to its own figures: the console appender is detached from every
 * logger, so Kafka's, Flink's and DJL's warnings go only to the log file
 * ({@code $TMPDIR/detector.log}, as the README says); {@link #startKafka} keeps the in-process
 * broker's start-up lines off the console too.
 */
final class QuietConsole {

    /** Names of the console appenders in {@code detector-log4j2.xml}: the frameworks' and this project's. */
    static final List<String> CONSOLES = List.of("console", "console-own");

    private QuietConsole() {}

    static void apply() {
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
            return;  // another logging backend: nothing of ours to quiet
        }
        for (LoggerConfig logger : context.getConfiguration().getLoggers().values()) {
            for (String name : CONSOLES) {
                Appender console = logger.getAppenders().get(name);
                if (console != null) {
                    logger.removeAppender(name);
                    // Errors still reach the console: a failing run must say why.
                    logger.addAppender(console, Level.ERROR, null);
                }
            }
        }
        context.updateLoggers();
    }

    /** An in-process broker, started without its storage formatter's lines on System.out. */
    static EmbeddedKafka startKafka() throws Exception {
        PrintStream console = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            // On a loaded machine the controller's events run slow, and Kafka logs each at ERROR, which
            // apply() keeps on the console: only events over a minute are worth a line there. A starved
            // broker's heartbeats also wait in the controller's queue; a minute's session keeps it unfenced.
            return EmbeddedKafka.start(Map.of("controller.performance.always.log.threshold.ms", "60000",
                    "broker.session.timeout.ms", "60000"));
        } finally {
            System.setOut(console);
        }
    }
}
