package dev.facemask.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code detector-log4j2.xml}: Kafka's and Flink's warnings go to the log file only, their errors
 * and this project's warnings also to the console, so a demo's console shows the demo.
 */
class ConsoleLoggingTest {

    @Test
    void shouldKeepFrameworkWarningsOffTheConsoleButInTheLogFile(@TempDir Path dir) throws Exception {
        Path logFile = dir.resolve("detector.log");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream err = System.err;
        String previous = System.getProperty("detector.log");
        System.setProperty("detector.log", logFile.toString());
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext("console-logging-test", null,
                getClass().getClassLoader().getResource("detector-log4j2.xml").toURI());
        try {
            context.start();
            context.getLogger("org.apache.kafka.clients.consumer.internals.ConsumerCoordinator")
                    .warn("Offset commit failed: not the correct coordinator");
            context.getLogger("org.apache.flink.runtime.webmonitor.WebMonitorUtils").warn("log.file is not set");
            context.getLogger("org.apache.flink.runtime.taskmanager.Task").error("Task failed for real");
            context.getLogger("dev.facemask.job.DetectionJob").warn("Model folder replaced");
            context.getLogger("dev.facemask.job.DetectionJob").info("Job started");
        } finally {
            context.stop();
            System.setErr(err);
            if (previous == null) {
                System.clearProperty("detector.log");
            } else {
                System.setProperty("detector.log", previous);
            }
        }

        assertThat(console.toString(StandardCharsets.UTF_8)).contains("Task failed for real", "Model folder replaced")
                .doesNotContain("not the correct coordinator", "log.file is not set", "Job started");
        assertThat(Files.readString(logFile)).contains("not the correct coordinator", "log.file is not set",
                "Task failed for real", "Model folder replaced", "Job started");
    }
}
