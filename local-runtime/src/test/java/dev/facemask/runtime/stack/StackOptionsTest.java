package dev.facemask.runtime.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackOptionsTest {

    @Test
    void shouldDefaultToTheDocumentedPortsAndTwoSlots() {
        StackOptions options = StackOptions.builder().stackDir(Path.of("s")).build();

        assertThat(options.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(options.restUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(options.controllerPort()).isEqualTo(9093);
        assertThat(options.taskSlots()).isEqualTo(2);
        assertThat(options.taskManagers()).isEqualTo(1);
        assertThat(options.totalSlots()).isEqualTo(2);
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
    void shouldRejectZeroTaskManagersAndMoreThanTheMaximum() {
        assertThatThrownBy(() -> StackOptions.builder().taskManagers(0).build())
                .hasMessage("taskManagers must be in 1..8, got 0");
        assertThatThrownBy(() -> StackOptions.builder().taskManagers(9).build())
                .hasMessage("taskManagers must be in 1..8, got 9");
    }

    @Test
    void shouldCountTheSlotsOfEveryTaskManager() {
        assertThat(StackOptions.builder().taskManagers(2).taskSlots(1).build().totalSlots()).isEqualTo(2);
        assertThat(StackOptions.builder().taskManagers(3).taskSlots(2).build().totalSlots()).isEqualTo(6);
    }

    @Test
    void shouldNameTheFirstTaskManagerAsAOneTaskManagerStackDoes() {
        List<StackJvm> three = StackJvm.taskManagers(3);

        assertThat(three).extracting(StackJvm::id).containsExactly("taskmanager", "taskmanager-2", "taskmanager-3");
        assertThat(three.get(0)).isSameAs(StackRole.TASK_MANAGER);
        assertThat(three).allMatch(StackJvm::isTaskManager);
        assertThat(StackRole.JOB_MANAGER.isTaskManager()).isFalse();
        assertThat(StackOptions.builder().build().layout().pidFile(three.get(1)).getFileName()).hasToString("taskmanager-2.pid");
    }

    @Test
    void shouldRememberThePortsOfTheLastUpForStatusAndDown(@org.junit.jupiter.api.io.TempDir Path dir) {
        StackOptions started = StackOptions.builder().stackDir(dir).kafkaPort(19092).restPort(18081).taskManagers(2).taskSlots(3).build();
        StackOptionsFile.write(started);

        StackOptions read = StackOptionsFile.readOver(StackOptions.builder().stackDir(dir).build());

        assertThat(read).isEqualTo(started);
    }

    @Test
    void shouldGiveEveryTaskManagerItsOwnMetricsPortAfterTheJobManagers() {
        StackOptions options = StackOptions.builder().metricsPort(19249).taskManagers(2).build();

        assertThat(options.metricsPortOf(StackRole.JOB_MANAGER)).isEqualTo(19249);
        assertThat(options.metricsPortOf(StackRole.TASK_MANAGER)).isEqualTo(19250);
        assertThat(options.metricsPortOf(new StackJvm.AdditionalTaskManager(2))).isEqualTo(19251);
        assertThat(options.metricsPortOf(StackRole.KAFKA)).isZero();
        assertThat(options.metricsUrls()).containsExactly("http://127.0.0.1:19249/metrics",
                "http://127.0.0.1:19250/metrics", "http://127.0.0.1:19251/metrics");
    }

    @Test
    void shouldRejectAPortAmongTheMetricsPorts() {
        assertThatThrownBy(() -> StackOptions.builder().metricsPort(8079).taskManagers(2).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("REST port 8081 lies in the metrics ports 8079..8081 (JobManager, then one per TaskManager):"
                        + " choose another --metrics-port");
    }
}
