package dev.facemask.runtime.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    /**
     * Just after a start, the pid's command line may still be {@code jspawnhelper}'s, without the
     * main class: the started process's own handle must count, or a healthy JVM reads as "exited".
     * A shell whose command line lacks {@code kafka.Kafka} stands in for that moment.
     */
    @Test
    void shouldCountAProcessItStartedAsRunningBeforeItsCommandLineLooksLikeOurs() throws Exception {
        StackLayout layout = new StackLayout(dir, dir.resolve("jars"));
        ProcessSupervisor processes = new ProcessSupervisor(layout);
        ProcessHandle started = processes.start(StackRole.KAFKA, List.of("/bin/sh", "-c", "exec sleep 60", processes.marker()));

        try {
            assertThat(processes.running(StackRole.KAFKA)).map(ProcessHandle::pid).contains(started.pid());
            assertThat(new ProcessSupervisor(layout).running(StackRole.KAFKA))
                    .as("another supervisor knows only the pid file, whose command line is not kafka.Kafka").isEmpty();
            assertThat(processes.exitOf(StackRole.KAFKA)).isEmpty();

            assertThat(processes.kill(StackRole.KAFKA)).isTrue();

            assertThat(processes.running(StackRole.KAFKA)).isEmpty();
            assertThat(processes.exitOf(StackRole.KAFKA)).contains("killed by signal 9");
        } finally {
            started.destroyForcibly();
        }
    }

    /** The stack's JVMs get glibc's fixed trim threshold; a value the user set is kept. */
    @Test
    void shouldStartProcessesWithTheMallocTrimThresholdUnlessTheUserSetOne() throws Exception {
        StackLayout layout = new StackLayout(dir, dir.resolve("jars"));
        ProcessSupervisor processes = new ProcessSupervisor(layout);
        Path seen = dir.resolve("seen.txt");
        ProcessHandle started = processes.start(StackRole.KAFKA, List.of("/bin/sh", "-c",
                "echo \"$MALLOC_TRIM_THRESHOLD_\" > '" + seen + "'", processes.marker()));
        started.onExit().get(10, TimeUnit.SECONDS);

        assertThat(Files.readString(seen).strip()).isEqualTo("1048576");

        java.util.Map<String, String> env = new java.util.HashMap<>(java.util.Map.of("MALLOC_TRIM_THRESHOLD_", "0"));
        ProcessSupervisor.withMallocDefaults(env);
        assertThat(env).containsExactly(java.util.Map.entry("MALLOC_TRIM_THRESHOLD_", "0"));
    }

    @Test
    void shouldSayWithWhichExitCodeAStartedProcessEnded() throws Exception {
        StackLayout layout = new StackLayout(dir, dir.resolve("jars"));
        ProcessSupervisor processes = new ProcessSupervisor(layout);
        ProcessHandle started = processes.start(StackRole.KAFKA, List.of("/bin/sh", "-c", "exit 3", processes.marker()));

        started.onExit().get(10, TimeUnit.SECONDS);

        assertThat(processes.running(StackRole.KAFKA)).isEmpty();
        assertThat(processes.exitOf(StackRole.KAFKA)).contains("exit code 3");
        assertThat(processes.exitOf(StackRole.JOB_MANAGER)).as("never started here").isEmpty();
    }

    @Test
    void shouldQuoteTheLastLinesOfAFailedCommand() {
        assertThat(ProcessSupervisor.tail("a\n\nb\nc\nd\n", 2)).isEqualTo("c | d");
    }
}
