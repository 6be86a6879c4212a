package dev.facemask.runtime.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepCheckpointsInFilesUnderTheStackFolder() throws Exception {
        StackOptions options = StackOptions.builder().stackDir(dir.resolve("my stack")).build();
        FlinkConfigFile file = new FlinkConfigFile(options);

        file.write();

        String checkpoints = "file://" + dir.resolve("my stack/flink/checkpoints").toAbsolutePath();
        assertThat(file.entries())
                .containsEntry("execution.checkpointing.storage", "filesystem")
                .containsEntry("execution.checkpointing.dir", checkpoints);
        assertThat(Files.readAllLines(options.layout().flinkConfDir().resolve("config.yaml")))
                .contains("execution.checkpointing.storage: filesystem", "execution.checkpointing.dir: '" + checkpoints + "'");
    }

    @Test
    void shouldAllowCrossOriginReadsOnlyFromTheStacksOwnOrigin() {
        StackOptions options = StackOptions.builder().stackDir(dir.resolve("stack")).restPort(18081).build();

        assertThat(new FlinkConfigFile(options).entries())
                .containsEntry("web.access-control-allow-origin", "http://127.0.0.1:18081");
    }

    @Test
    void shouldServeTheJobManagersMetricsToPrometheusOnTheMetricsPort() {
        StackOptions options = StackOptions.builder().stackDir(dir.resolve("stack")).metricsPort(19249).build();

        assertThat(new FlinkConfigFile(options).entries())
                .containsEntry("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
                .containsEntry("metrics.reporter.prom.port", "19249");
    }
}
