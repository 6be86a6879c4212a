package dev.facemask.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.runtime.stack.FreePorts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stack commands' text and exit codes without starting anything. */
class StackCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldReportEveryProcessDownWithExitCode3InAFreshFolder() {
        int[] ports = FreePorts.take(2);
        int metrics = FreePorts.consecutive(2);

        CliRun run = CliRun.of(new StackCommand(), "status", "--dir", dir.toString(),
                "--kafka-port", Integer.toString(ports[0]), "--rest-port", Integer.toString(ports[1]),
                "--metrics-port", Integer.toString(metrics));

        assertThat(run.exitCode()).isEqualTo(StackStatusCommand.NOT_ALL_UP);
        assertThat(run.out().lines()).containsExactly(
                "PROCESS        STATE PID      ENDPOINT",
                String.format("kafka          down  -        127.0.0.1:%d (not answering)", ports[0]),
                String.format("jobmanager     down  -        127.0.0.1:%d (not answering)", ports[1]),
                String.format("taskmanager    down  -        127.0.0.1:%d (not answering)", metrics + 1));
    }

    @Test
    void shouldListEveryTaskManagerOfAStackWithSeveral() {
        int[] ports = FreePorts.take(2);
        int metrics = FreePorts.consecutive(4);

        CliRun run = CliRun.of(new StackCommand(), "status", "--dir", dir.toString(), "--taskmanagers", "3",
                "--kafka-port", Integer.toString(ports[0]), "--rest-port", Integer.toString(ports[1]),
                "--metrics-port", Integer.toString(metrics));

        assertThat(run.exitCode()).isEqualTo(StackStatusCommand.NOT_ALL_UP);
        assertThat(run.out().lines()).endsWith(
                String.format("taskmanager    down  -        127.0.0.1:%d (not answering)", metrics + 1),
                String.format("taskmanager-2  down  -        127.0.0.1:%d (not answering)", metrics + 2),
                String.format("taskmanager-3  down  -        127.0.0.1:%d (not answering)", metrics + 3));
    }

    @Test
    void shouldSayNothingRanWhenDownFindsNoStack() {
        CliRun run = CliRun.of(new StackCommand(), "down", "--dir", dir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "taskmanager was not running", "jobmanager was not running", "kafka was not running");
    }

    @Test
    void shouldRejectCollidingPortsAsBadUsage() {
        CliRun run = CliRun.of(new StackCommand(), "up", "--dir", dir.toString(), "--rest-port", "9093");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: REST port and controller port are both 9093: give each its own port");
    }

    @Test
    void shouldNameTheMissingJarsWhenNothingIsStaged() {
        int[] ports = FreePorts.take(4);

        CliRun run = CliRun.of(new StackCommand(), "up", "--dir", dir.toString(), "--jars", dir.resolve("none").toString(),
                "--kafka-port", Integer.toString(ports[0]), "--controller-port", Integer.toString(ports[1]),
                "--rest-port", Integer.toString(ports[2]), "--jobmanager-rpc-port", Integer.toString(ports[3]),
                "--metrics-port", Integer.toString(FreePorts.consecutive(2)));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("error: no jars in " + dir.resolve("none").resolve("kafka"));
    }
}
