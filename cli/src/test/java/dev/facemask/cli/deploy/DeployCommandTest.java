package dev.facemask.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.cli.stack.CliRun;
import dev.facemask.job.JobCommand;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DeployCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldPassEveryOptionThatIsNotDeploysOwnToTheJobInOrder() throws IOException {
        Path jar = Files.createFile(dir.resolve("job.jar"));
        DeployCommand deploy = new DeployCommand();
        new CommandLine(deploy).parseArgs("--cluster", "http://10.0.0.1:8081", "--bootstrap-servers", "127.0.0.1:9092",
                "--jar", jar.toString(), "--model=/models/tiny", "--kafka-property", "acks=all", "--wait-running",
                "--", "--batch-size", "4");

        DeployRequest request = deploy.request();

        assertThat(request.programArgs()).containsExactly("--bootstrap-servers", "127.0.0.1:9092", "--model=/models/tiny",
                "--kafka-property", "acks=all", "--batch-size", "4");
        assertThat(request.jar()).isEqualTo(jar);
        assertThat(request.entryClass()).isEqualTo("dev.facemask.job.DetectionJob");
        assertThat(deploy.waitRunning).isTrue();
        assertThat(deploy.cluster.toString()).isEqualTo("http://10.0.0.1:8081");
    }

    @Test
    void shouldStartFromASavepointWithoutPassingItToTheJob() throws IOException {
        Path jar = Files.createFile(dir.resolve("job.jar"));
        DeployCommand deploy = new DeployCommand();
        new CommandLine(deploy).parseArgs("--jar", jar.toString(), "--from-savepoint", "/sp/savepoint-1a2b",
                "--model", "m", "--batch-size", "4");

        DeployRequest request = deploy.request();

        assertThat(request.savepoint()).isEqualTo("/sp/savepoint-1a2b");
        assertThat(request.programArgs()).containsExactly("--model", "m", "--batch-size", "4");
    }

    @Test
    void shouldNotShadowAnyJobOption() {
        Set<String> deployOwn = new TreeSet<>(new CommandLine(new DeployCommand()).getCommandSpec().optionsMap().keySet());
        Set<String> jobOptions = new TreeSet<>(new CommandLine(new JobCommand()).getCommandSpec().optionsMap().keySet());
        jobOptions.removeAll(Set.of("-h", "--help", "-V", "--version"));

        assertThat(deployOwn).doesNotContainAnyElementsOf(jobOptions);
    }

    @Test
    void shouldSayHowToBuildAMissingJobJar() {
        CliRun run = CliRun.of(new DeployCommand(), "--jar", dir.resolve("missing.jar").toString(), "--model", "m");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("error: job jar " + dir.resolve("missing.jar")
                + " not found: build it with `mvn -pl streaming-job package`");
    }

    @Test
    void shouldSayTheClusterIsUnreachableBeforeUploading() throws IOException {
        Path jar = Files.createFile(dir.resolve("job.jar"));
        int port;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            port = probe.getLocalPort();
        } // closed: nothing listens there now

        CliRun run = CliRun.of(new DeployCommand(), "--cluster", "http://127.0.0.1:" + port, "--jar", jar.toString(),
                "--model", "m");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("error: Flink cluster at http://127.0.0.1:" + port
                + " is unreachable (ConnectException): start it with `./detector stack up` or pass --cluster");
    }

    @Test
    void shouldRefuseJobArgumentsTheJobWouldRefuseBeforeUploading() throws IOException {
        Path jar = Files.createFile(dir.resolve("job.jar"));
        String cluster = "http://127.0.0.1:" + closedPort();

        CliRun typo = CliRun.of(new DeployCommand(), "--cluster", cluster, "--jar", jar.toString(), "--model", "m",
                "--batch-size", "many");
        CliRun contradiction = CliRun.of(new DeployCommand(), "--cluster", cluster, "--jar", jar.toString(),
                "--model", "m", "--checkpoint-interval-ms", "0", "--kafka-property", "ssl.key.password=hunter3");

        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).isEqualTo("error: job arguments: Invalid value for option '--batch-size': 'many' is"
                + " not an int" + System.lineSeparator());
        assertThat(contradiction.exitCode()).isEqualTo(2);
        assertThat(contradiction.err()).contains("error: job arguments: Invalid job options: EXACTLY_ONCE needs"
                + " checkpointing: set --checkpoint-interval-ms above 0").doesNotContain("hunter3");
        assertThat(typo.out() + contradiction.out()).doesNotContain("Uploading");
    }

    /** A user's own entry class has its own options: they go to the cluster unchecked. */
    @Test
    void shouldPassAnotherEntryClassesArgumentsThroughUnchecked() throws IOException {
        Path jar = Files.createFile(dir.resolve("own.jar"));
        int port = closedPort();

        CliRun run = CliRun.of(new DeployCommand(), "--cluster", "http://127.0.0.1:" + port, "--jar", jar.toString(),
                "--entry-class", "com.example.OwnJob", "--name", "own");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).doesNotContain("job arguments").contains("error: Flink cluster at http://127.0.0.1:"
                + port + " is unreachable");
    }

    @Test
    void shouldWarnThatASecretKafkaPropertyOnTheCommandLineIsVisible() throws IOException {
        Path jar = Files.createFile(dir.resolve("job.jar"));

        CliRun run = CliRun.of(new DeployCommand(), "--cluster", "http://127.0.0.1:" + closedPort(), "--jar",
                jar.toString(), "--model", "m", "--kafka-property", "ssl.truststore.password=hunter2");

        assertThat(run.err()).contains("warning: secret Kafka property ssl.truststore.password given with"
                + " --kafka-property: command-line arguments are visible to every user in `ps`, in the shell history"
                + " and in Flink's web UI. Put secrets in a file only you can read (chmod 600) and pass it with"
                + " --kafka-properties FILE.").doesNotContain("hunter2");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            return probe.getLocalPort();
        }
    }
}
