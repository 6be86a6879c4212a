package dev.facemask.cli.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.cli.DetectorCli;
import dev.facemask.cli.deploy.DeployCommand;
import dev.facemask.cli.deploy.DeployRequest;
import dev.facemask.job.options.KafkaClientOptions;
import dev.facemask.runtime.stack.StackOptions;
import dev.facemask.job.DetectionJob;
import dev.facemask.job.JobCommand;
import dev.facemask.job.options.JobOptions;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Checks docker-compose.yml and docker/*.Dockerfile against the code, since no Docker engine runs here:
 * pinned image versions, jar names, ports, topics, and that every option given to the job and the CLI
 * parses with the real picocli command classes.
 */
class ComposeFileTest {

    @Test
    void shouldPinKafkaImagesToTheKafkaVersionOfTheBuild() {
        String kafkaImage = "apache/kafka:" + AppInfoParser.getVersion();

        assertThat(kafkaImage).isEqualTo("apache/kafka:4.2.0");
        assertThat(RepositoryFiles.service("kafka").get("image")).isEqualTo(kafkaImage);
        assertThat(RepositoryFiles.service("topics").get("image")).isEqualTo(kafkaImage);
    }

    @Test
    void shouldBuildTheJobImagesOnTheFlinkVersionOfTheBuild() {
        String flinkImage = "flink:" + EnvironmentInformation.getVersion() + "-java17";

        assertThat(flinkImage).isEqualTo("flink:2.2.1-java17");
        assertThat(RepositoryFiles.all(RepositoryFiles.read("docker/job.Dockerfile"), "^FROM (\\S+)")).containsExactly(flinkImage);
        assertThat(RepositoryFiles.all(RepositoryFiles.read("docker/job-gpu.Dockerfile"), "^FROM (\\S+)"))
                .containsExactly(flinkImage, "nvidia/cuda:12.2.2-cudnn8-runtime-ubuntu22.04");
        assertThat(RepositoryFiles.all(RepositoryFiles.read("docker/tools.Dockerfile"), "^FROM (\\S+)"))
                .containsExactly("eclipse-temurin:17-jre");
    }

    @Test
    void shouldCopyTheJarsMavenBuilds() {
        String jobJar = "streaming-job/target/" + RepositoryFiles.pomValue("streaming-job", "finalName") + ".jar";
        String cliJar = "cli/target/" + RepositoryFiles.pomValue("cli", "finalName") + ".jar";

        assertThat(jobJar).isEqualTo("streaming-job/target/" + DeployCommand.JOB_JAR);

        for (String dockerfile : List.of("docker/job.Dockerfile", "docker/job-gpu.Dockerfile")) {
            assertThat(copies(dockerfile)).as(dockerfile).contains(jobJar + " /opt/flink/usrlib/streaming-job.jar");
        }
        assertThat(copies("docker/job.Dockerfile")).contains(
                "local-runtime/target/stack/" + RepositoryFiles.pomValue("local-runtime", "stack.modelRuntimeDir") + "/ /opt/flink/lib/");
        assertThat(copies("docker/job-gpu.Dockerfile")).contains("local-runtime/target/stack/model-runtime-gpu/ /opt/flink/lib/");
        assertThat(copies("docker/tools.Dockerfile")).containsExactly("cli/target/lib/ /app/lib/",
                "local-runtime/src/main/resources/java17-opens.args /app/java17-opens.args", cliJar + " /app/cli.jar");
        assertThat(RepositoryFiles.read("docker/tools.Dockerfile")).contains("\"@/app/java17-opens.args\"");
    }

    @Test
    void shouldPublishTheDefaultPortsOfTheCode() {
        assertThat(RepositoryFiles.service("kafka").get("ports"))
                .isEqualTo(List.of("127.0.0.1:" + StackOptions.DEFAULT_KAFKA_PORT + ":" + StackOptions.DEFAULT_KAFKA_PORT));
        assertThat(KafkaClientOptions.DEFAULT_BOOTSTRAP).isEqualTo("127.0.0.1:" + StackOptions.DEFAULT_KAFKA_PORT);
        assertThat(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS"))
                .isEqualTo("INTERNAL://kafka:29092,EXTERNAL://" + KafkaClientOptions.DEFAULT_BOOTSTRAP);
        assertThat(RepositoryFiles.service("jobmanager").get("ports"))
                .isEqualTo(List.of("127.0.0.1:" + StackOptions.DEFAULT_REST_PORT + ":" + StackOptions.DEFAULT_REST_PORT));
    }

    @Test
    void shouldCreateExactlyTheJobsDefaultTopics() {
        String script = RepositoryFiles.command("topics").get(0);

        assertThat(RepositoryFiles.all(script, "for topic in ([a-z -]+); do")).containsExactly(String.join(" ",
                JobOptions.DEFAULT_FRAMES_TOPIC, JobOptions.DEFAULT_DETECTIONS_TOPIC, JobOptions.DEFAULT_DEAD_LETTER_TOPIC));
    }

    @Test
    void shouldRunTheDetectionJobWithOptionsItAccepts() {
        List<String> command = RepositoryFiles.command("jobmanager");
        assertThat(command.subList(0, 3)).containsExactly("standalone-job", "--job-classname", DetectionJob.class.getName());
        assertThat(DeployRequest.DEFAULT_ENTRY_CLASS).isEqualTo(DetectionJob.class.getName());

        CommandLine.ParseResult parsed = new CommandLine(new JobCommand()).parseArgs(command.subList(3, command.size()).toArray(String[]::new));

        assertThat(parsed.matchedOptionValue("--frames-topic", "")).isEqualTo(JobOptions.DEFAULT_FRAMES_TOPIC);
        assertThat(parsed.matchedOptionValue("--detections-topic", "")).isEqualTo(JobOptions.DEFAULT_DETECTIONS_TOPIC);
        assertThat(parsed.matchedOptionValue("--dead-letter-topic", "")).isEqualTo(JobOptions.DEFAULT_DEAD_LETTER_TOPIC);
        assertThat(parsed.matchedOptionValue("--bootstrap-servers", "")).isEqualTo("kafka:29092");
    }

    @Test
    void shouldFeedAndWatchTheTopicsWithOptionsTheCliAccepts() {
        List<String> producer = RepositoryFiles.command("producer");
        List<String> consumer = RepositoryFiles.command("consumer");
        assertThat(producer.get(0)).isEqualTo("produce");
        assertThat(consumer.get(0)).isEqualTo("consume");

        // Through the real root, so the check sees what the tools image's entrypoint runs.
        CommandLine.ParseResult produce = DetectorCli.commandLine().parseArgs(producer.toArray(String[]::new)).subcommand();
        CommandLine.ParseResult consume = DetectorCli.commandLine().parseArgs(consumer.toArray(String[]::new)).subcommand();

        assertThat(produce.matchedOptionValue("--topic", "")).isEqualTo(JobOptions.DEFAULT_FRAMES_TOPIC);
        assertThat(produce.hasMatchedOption("--loop")).isTrue();
        assertThat(consume.matchedOptionValue("--topic", "")).isEqualTo(JobOptions.DEFAULT_DETECTIONS_TOPIC);
        assertThat(consume.matchedOptionValue("--dead-letter-topic", "")).isEqualTo(JobOptions.DEFAULT_DEAD_LETTER_TOPIC);
        assertThat(consume.hasMatchedOption("--follow")).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldReserveAnNvidiaGpuOnlyInTheGpuProfile() {
        Map<String, Object> gpu = RepositoryFiles.service("taskmanager-gpu");
        Map<String, Object> resources = (Map<String, Object>) ((Map<String, Object>) gpu.get("deploy")).get("resources");
        List<Map<String, Object>> devices = (List<Map<String, Object>>) ((Map<String, Object>) resources.get("reservations")).get("devices");

        assertThat(gpu.get("profiles")).isEqualTo(List.of("gpu"));
        assertThat(devices).singleElement().satisfies(d -> {
            assertThat(d.get("driver")).isEqualTo("nvidia");
            assertThat(d.get("capabilities")).isEqualTo(List.of("gpu"));
        });
        assertThat(RepositoryFiles.service("taskmanager").get("profiles")).isNull();
        assertThat(RepositoryFiles.command("taskmanager-gpu")).containsExactly("taskmanager");
    }

    @Test
    void shouldGiveEveryFlinkContainerTheSameConfiguration() {
        String properties = (String) environment("jobmanager").get("FLINK_PROPERTIES");

        assertThat(environment("taskmanager").get("FLINK_PROPERTIES")).isEqualTo(properties);
        assertThat(environment("taskmanager-gpu").get("FLINK_PROPERTIES")).isEqualTo(properties);
        assertThat(properties).contains("jobmanager.rpc.address: jobmanager\n")
                .contains("taskmanager.numberOfTaskSlots: " + StackOptions.DEFAULT_TASK_SLOTS + "\n");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) {
        return (Map<String, Object>) RepositoryFiles.service(service).get("environment");
    }

    /** The {@code COPY} lines of a Dockerfile as "source target", without --chown/--from flags. */
    private static List<String> copies(String dockerfile) {
        return RepositoryFiles.all(RepositoryFiles.read(dockerfile), "^COPY (?:--\\S+ )*(?!--)(\\S+ \\S+)$").stream()
                .toList();
    }
}
