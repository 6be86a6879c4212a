package dev.facemask.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.cli.exit.ExitException;
import dev.facemask.job.options.KafkaClientOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Model.CommandSpec;

/** Every command that talks to Kafka reads its connection the same way, through {@link KafkaClientOptions}. */
class KafkaCommandsTest {

    @ParameterizedTest
    @ValueSource(strings = {"job", "produce", "consume", "replay", "view"})
    void shouldTakeTheKafkaOptionsFromTheOneMixin(String command) {
        CommandSpec spec = DetectorCli.commandLine().getSubcommands().get(command).getCommandSpec();

        assertThat(spec.mixins().values()).filteredOn(m -> m.userObject() instanceof KafkaClientOptions).hasSize(1);
        for (String option : List.of("-b", "--bootstrap", "--bootstrap-servers", "--kafka-property", "--kafka-properties")) {
            assertThat(spec.findOption(option)).as(command + " " + option).isNotNull();
        }
    }

    @Test
    void shouldRefuseAKafkaPropertyWithoutAnEqualsSignAsBadUsage() {
        CliResult r = CliResult.run("produce", "--source", "x.jpg", "--kafka-property", "acks");

        assertThat(r.exitCode()).isEqualTo(ExitException.USAGE);
        assertThat(r.err()).contains("Kafka property 'acks' is not key=value").contains("Try `detector produce --help`.");
    }

    @Test
    void shouldRefuseClientPropertiesForReplaysEmbeddedBroker() {
        CliResult r = CliResult.run("replay", "--model", "m", "--data", "d", "--kafka-property", "acks=all");

        assertThat(r.exitCode()).isEqualTo(ExitException.USAGE);
        assertThat(r.err()).contains("error: --kafka-property and --kafka-properties need --bootstrap:"
                + " the embedded broker takes none");
    }
}
