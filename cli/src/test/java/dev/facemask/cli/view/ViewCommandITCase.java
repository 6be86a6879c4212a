package dev.facemask.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.cli.CliResult;
import dev.facemask.job.options.JobOptions;
import dev.facemask.kafka.embedded.EmbeddedKafka;
import org.junit.jupiter.api.Test;

/** {@code detector view}'s failures, each one line saying what to do. */
class ViewCommandITCase {

    @Test
    void shouldNameTheMissingTopicsAndExitOne() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, JobOptions.DEFAULT_FRAMES_TOPIC, JobOptions.DEFAULT_DETECTIONS_TOPIC);

            CliResult r = CliResult.run("view", "--bootstrap", kafka.bootstrapServers(), "--port", "0",
                    "--dead-letter-topic", "no-such-letters");

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("error: Topic(s) [no-such-letters] do not exist on " + kafka.bootstrapServers()
                    + ": start the job first");
        }
    }

    @Test
    void shouldRefuseAPortOutOfRange() {
        CliResult r = CliResult.run("view", "--port", "70000");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("error: --port 70000: use 1-65535, or 0 for a free port");
    }
}
