package dev.facemask.job.options;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.job.JobCommand;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLineSecretsTest {

    @Test
    void shouldNameTheSecretKeysAndPointToThePropertiesFile() {
        assertThat(CommandLineSecrets.warning(List.of("security.protocol", "sasl.jaas.config", "ssl.key.password")))
                .contains("warning: secret Kafka properties sasl.jaas.config, ssl.key.password given with"
                        + " --kafka-property: command-line arguments are visible to every user in `ps`, in the"
                        + " shell history and in Flink's web UI. Put secrets in a file only you can read"
                        + " (chmod 600) and pass it with --kafka-properties FILE.");
    }

    @Test
    void shouldStayQuietWithoutSecrets() {
        assertThat(CommandLineSecrets.warning(List.of("security.protocol", "acks"))).isEmpty();
    }

    @Test
    void shouldFindKafkaPropertyKeysInRawArgumentsInBothSpellings() {
        assertThat(CommandLineSecrets.kafkaPropertyKeys(List.of("--model", "m", "--kafka-property",
                "ssl.keystore.password=x", "--kafka-property=acks=all", "--kafka-property")))
                .containsExactly("ssl.keystore.password", "acks");
    }

    @Test
    void shouldWarnFromTheJobCommandLineWithoutTheValue() {
        JobCommand command = new JobCommand();
        new CommandLine(command).parseArgs("--model", "m", "--kafka-property", "sasl.jaas.config=secret-value");

        assertThat(command.secretsWarning()).hasValueSatisfying(w -> assertThat(w)
                .startsWith("warning: secret Kafka property sasl.jaas.config given with --kafka-property:")
                .doesNotContain("secret-value"));
    }
}
