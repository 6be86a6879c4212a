package dev.facemask.job.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class KafkaClientOptionsTest {

    @Command(name = "any")
    static final class AnyCommand {
        @Mixin
        KafkaClientOptions kafka = new KafkaClientOptions();
    }

    private static KafkaClientOptions parse(String... args) {
        AnyCommand command = new AnyCommand();
        new CommandLine(command).parseArgs(args);
        return command.kafka;
    }

    @Test
    void shouldDefaultToTheLocalBrokerWithoutClientProperties() {
        KafkaClientOptions kafka = parse();

        assertThat(kafka.bootstrap()).isEqualTo(KafkaClientOptions.DEFAULT_BOOTSTRAP).isEqualTo("127.0.0.1:9092");
        assertThat(kafka.hasClientProperties()).isFalse();
        assertThat(kafka.clientProperties()).isEqualTo(KafkaClientProperties.NONE);
        assertThat(kafka.toProperties()).containsOnly(java.util.Map.entry("bootstrap.servers", "127.0.0.1:9092"));
    }

    @Test
    void shouldReadTheBootstrapServersUnderEveryName() {
        assertThat(parse("-b", "a:1").bootstrap()).isEqualTo("a:1");
        assertThat(parse("--bootstrap", "b:2").bootstrap()).isEqualTo("b:2");
        assertThat(parse("--bootstrap-servers", "c:3").bootstrap()).isEqualTo("c:3");
    }

    @Test
    void shouldLetEachKafkaPropertyWinOverTheFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("client.properties"),
                "security.protocol=SASL_SSL\nsasl.jaas.config=from-file\nacks=1\n");

        KafkaClientOptions kafka = parse("--bootstrap", "k:9093", "--kafka-properties", file.toString(),
                "--kafka-property", "acks=all", "--kafka-property", "client.id=cam=1");
        Properties props = kafka.toProperties();

        assertThat(props).containsEntry("bootstrap.servers", "k:9093").containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "from-file").containsEntry("acks", "all")
                .containsEntry("client.id", "cam=1").hasSize(5);
        assertThat(kafka.clientProperties().values()).doesNotContainKey("bootstrap.servers");
        assertThat(kafka.clientProperties()).hasToString("{acks=all, client.id=cam=1, sasl.jaas.config=******,"
                + " security.protocol=SASL_SSL}");
    }

    @Test
    void shouldWarnOnlyAboutSecretsGivenOnTheCommandLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("client.properties"), "ssl.key.password=in-a-file\n");

        assertThat(parse("--kafka-properties", file.toString(), "--kafka-property", "acks=all").secretsWarning())
                .isEmpty();
        assertThat(parse("--kafka-property", "ssl.key.password=hunter2").secretsWarning())
                .hasValueSatisfying(w -> assertThat(w)
                        .startsWith("warning: secret Kafka property ssl.key.password given with --kafka-property:")
                        .doesNotContain("hunter2"));
    }

    @Test
    void shouldRefuseAPropertyWithoutAnEqualsSignWhileParsing() {
        assertThatThrownBy(() -> parse("--kafka-property", "acks"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("Kafka property 'acks' is not key=value");
    }

    @Test
    void shouldSayWhichPropertiesFileCannotBeRead(@TempDir Path dir) {
        Path missing = dir.resolve("missing.properties");
        KafkaClientOptions kafka = parse("--kafka-properties", missing.toString());

        assertThat(kafka.hasClientProperties()).isTrue();
        assertThatThrownBy(kafka::toProperties).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot read Kafka properties file " + missing.toAbsolutePath());
    }
}
