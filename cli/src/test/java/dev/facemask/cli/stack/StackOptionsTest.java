package dev.facemask.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StackOptionsTest {

    @Test
    void shouldDefaultToTheDocumentedPortsAndTwoSlots() {
        StackOptions options = StackOptions.builder().stackDir(Path.of("s")).build();

        assertThat(options.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(options.restUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(options.controllerPort()).isEqualTo(9093);
        assertThat(options.taskSlots()).isEqualTo(2);
        assertThat(options.stackDir()).isEqualTo(Path.of("s").toAbsolutePath());
    }

    @Test
    void shouldRejectTwoServicesOnOnePort() {
        assertThatThrownBy(() -> StackOptions.builder().restPort(9092).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("REST port and Kafka port are both 9092: give each its own port");
    }

    @Test
    void shouldRejectAPortOutOfRange() {
        assertThatThrownBy(() -> StackOptions.builder().kafkaPort(70000).build())
                .hasMessage("Kafka port must be in 1..65535, got 70000");
    }

    @Test
    void shouldRejectAMemorySizeFlinkCannotRead() {
        assertThatThrownBy(() -> StackOptions.builder().taskManagerMemory("lots").build())
                .hasMessage("memory size 'lots' is not a Flink size such as 1600m or 2g");
    }

    @Test
    void shouldRejectZeroSlots() {
        assertThatThrownBy(() -> StackOptions.builder().taskSlots(0).build())
                .hasMessage("taskSlots must be at least 1, got 0");
    }

    @Test
    void shouldRememberThePortsOfTheLastUpForStatusAndDown(@org.junit.jupiter.api.io.TempDir Path dir) {
        StackOptions started = StackOptions.builder().stackDir(dir).kafkaPort(19092).restPort(18081).taskSlots(3).build();
        StackOptionsFile.write(started);

        StackOptions read = StackOptionsFile.readOver(StackOptions.builder().stackDir(dir).build());

        assertThat(read).isEqualTo(started);
    }
}
