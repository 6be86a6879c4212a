package dev.facemask.runtime.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pid file is only a hint: the stack must never signal a process it did not start. */
class ProcessSupervisorTest {

    @TempDir
    Path dir;

    @Test
    void shouldNotTouchAProcessWhosePidFileWasRecycled() throws Exception {
        StackLayout layout = new StackLayout(dir, dir.resolve("jars"));
        Files.createDirectories(layout.runDir());
        long self = ProcessHandle.current().pid(); // alive, but neither kafka.Kafka nor carrying the marker
        Files.writeString(layout.pidFile(StackRole.KAFKA), self + "\n");
        ProcessSupervisor processes = new ProcessSupervisor(layout);

        assertThat(processes.running(StackRole.KAFKA)).isEmpty();
        assertThat(processes.stop(StackRole.KAFKA, java.time.Duration.ofSeconds(1))).isFalse();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
        assertThat(layout.pidFile(StackRole.KAFKA)).doesNotExist();
    }

    @Test
    void shouldTreatAGarbledPidFileAsNotRunning() throws Exception {
        StackLayout layout = new StackLayout(dir, dir.resolve("jars"));
        Files.createDirectories(layout.runDir());
        Files.writeString(layout.pidFile(StackRole.TASK_MANAGER), "not-a-pid");

        assertThat(new ProcessSupervisor(layout).running(StackRole.TASK_MANAGER)).isEmpty();
    }

    @Test
    void shouldQuoteTheLastLinesOfAFailedCommand() {
        assertThat(ProcessSupervisor.tail("a\n\nb\nc\nd\n", 2)).isEqualTo("c | d");
    }
}
