package dev.facemask.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.runtime.stack.StackOptions;
import dev.facemask.runtime.stack.StackOptionsFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StackOptionsMixinTest {

    @TempDir
    Path dir;

    @Test
    void shouldReuseThePortsOfTheLastUpUnlessGivenAgain() {
        StackOptionsFile.write(StackOptions.builder().stackDir(dir).kafkaPort(19092).restPort(18081).metricsPort(19249).build());
        StackOptionsMixin mixin = new StackOptionsMixin();
        new CommandLine(mixin).parseArgs("--dir", dir.toString(), "--rest-port", "28081");

        StackOptions options = mixin.toOptions();

        assertThat(options.kafkaPort()).isEqualTo(19092);
        assertThat(options.restPort()).isEqualTo(28081);
        assertThat(options.controllerPort()).isEqualTo(StackOptions.DEFAULT_CONTROLLER_PORT);
        assertThat(options.metricsPort()).as("where `status` looks for the Prometheus endpoints").isEqualTo(19249);
    }

    @Test
    void shouldKeepTheTaskManagerCountOfTheLastUpSoARestartStartsOnlyTheMissingOnes() {
        StackOptionsMixin first = new StackOptionsMixin();
        new CommandLine(first).parseArgs("--dir", dir.toString(), "--taskmanagers", "2", "--slots", "1");
        StackOptionsFile.write(first.toOptions());
        StackOptionsMixin again = new StackOptionsMixin();
        new CommandLine(again).parseArgs("--dir", dir.toString());

        StackOptions options = again.toOptions();

        assertThat(options.taskManagers()).isEqualTo(2);
        assertThat(options.taskSlots()).isEqualTo(1);
        assertThat(options.totalSlots()).isEqualTo(2);
    }

    @Test
    void shouldUseTheDefaultsInAFreshFolder() {
        StackOptionsMixin mixin = new StackOptionsMixin();
        new CommandLine(mixin).parseArgs("--dir", dir.toString());

        StackOptions options = mixin.toOptions();

        assertThat(options.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(options.restUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(options.taskManagerMemory()).isEqualTo("1600m");
    }
}
