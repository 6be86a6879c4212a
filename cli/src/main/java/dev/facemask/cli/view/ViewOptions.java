package dev.facemask.cli.view;

import dev.facemask.job.options.JobOptions;
import java.util.Objects;
import java.util.Properties;

/**
 * Where the view reads and where it listens. Binds to 127.0.0.1 unless another address is named:
 * the page shows camera images, so it is not published to the network by default.
 *
 * @param kafka Kafka client properties, {@code bootstrap.servers} included
 * @param port 0 for a free port
 * @param fromBeginning replay what the topics hold instead of starting at their end
 */
public record ViewOptions(Properties kafka, ViewTopics topics, String bind, int port, boolean fromBeginning) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public ViewOptions {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(bind, "bind");
        if (kafka.getProperty("bootstrap.servers") == null) {
            throw new IllegalArgumentException("The view needs bootstrap.servers: give --bootstrap HOST:PORT");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port " + port + ": use 1-65535, or 0 for a free port");
        }
    }

    /** The job's default topics, 127.0.0.1, a free port, live from the topics' end. */
    public static ViewOptions local(Properties kafka) {
        return new ViewOptions(kafka, new ViewTopics(JobOptions.DEFAULT_FRAMES_TOPIC, JobOptions.DEFAULT_DETECTIONS_TOPIC,
                JobOptions.DEFAULT_DEAD_LETTER_TOPIC), DEFAULT_BIND, 0, false);
    }
}
