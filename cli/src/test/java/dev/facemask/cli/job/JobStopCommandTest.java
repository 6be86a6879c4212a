package dev.facemask.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.cli.CliResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class JobStopCommandTest {

    @Test
    void shouldBeReachableAsJobStopWithoutTheJobsOwnRequiredOptions() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            port = probe.getLocalPort();
        }

        CliResult r = CliResult.run("job", "stop", "--cluster", "http://127.0.0.1:" + port, "--savepoint", "sp");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Flink cluster at http://127.0.0.1:" + port + " is unreachable");
    }

    @Test
    void shouldRequireTheSavepointFolder() {
        CliResult r = CliResult.run("job", "stop");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--savepoint=DIR'");
    }
}
