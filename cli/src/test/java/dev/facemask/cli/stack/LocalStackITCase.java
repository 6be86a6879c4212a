package dev.facemask.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.cli.deploy.DeployCommand;
import dev.facemask.cli.deploy.TinyJobJars;
import dev.facemask.runtime.flink.FlinkRestClient;
import dev.facemask.runtime.stack.FreePorts;
import dev.facemask.runtime.stack.LocalStack;
import dev.facemask.runtime.stack.StackException;
import dev.facemask.runtime.stack.StackOptions;
import dev.facemask.runtime.stack.StackRole;
import dev.facemask.runtime.stack.StackStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real stack (Kafka JVM, JobManager JVM, TaskManager JVM) once on free ports, deploys a
 * small job, kills and restarts the TaskManager, restarts Kafka, and checks that {@code down} leaves
 * no process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackITCase {

    @TempDir
    static Path dir;

    private LocalStack stack;
    private List<Long> pids;

    @BeforeAll
    void startStack() {
        int[] ports = FreePorts.take(4);
        stack = new LocalStack(StackOptions.builder()
                .stackDir(dir.resolve("stack"))
                .kafkaPort(ports[0]).controllerPort(ports[1]).restPort(ports[2]).jobManagerRpcPort(ports[3])
                .metricsPort(FreePorts.consecutive(2))
                .startTimeout(Duration.ofSeconds(60))
                .build());
        long start = System.nanoTime();
        StackStatus status = stack.up();
        System.out.printf("LocalStackITCase: stack up in %.1f s%n", (System.nanoTime() - start) / 1e9);
        pids = status.processes().stream().map(p -> p.pid().orElse(-1)).toList();
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.down(); // idempotent: a no-op after shouldLeaveNoProcessBehindOnDown
        }
    }

    @Test
    @Order(1)
    void shouldReportEveryProcessUpWithItsEndpoint() throws Exception {
        StackStatus status = stack.status();

        assertThat(status.allUp()).isTrue();
        assertThat(status.of(StackRole.KAFKA).endpoint()).isEqualTo(stack.options().bootstrapServers());
        assertThat(status.of(StackRole.KAFKA).portOpen()).isTrue();
        assertThat(status.of(StackRole.JOB_MANAGER).portOpen()).isTrue();
        assertThat(pids).doesNotHaveDuplicates().doesNotContain(-1L, ProcessHandle.current().pid());
        assertThat(Files.readString(stack.options().layout().pidFile(StackRole.KAFKA)).strip())
                .isEqualTo(Long.toString(pids.get(0)));
    }

    @Test
    @Order(1)
    void shouldCreateTheJobsTopicsWithOnePartitionPerSlot() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.options().bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(LocalStack.TOPICS).allTopicNames().get(30, TimeUnit.SECONDS);

            assertThat(topics).containsOnlyKeys("frames", "detections", "dead-letters");
            assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(2));
        }
    }

    @Test
    @Order(2)
    void shouldRefuseASecondStackOnTheSamePorts() {
        LocalStack second = new LocalStack(StackOptions.builder()
                .stackDir(dir.resolve("second"))
                .kafkaPort(stack.options().kafkaPort()).controllerPort(stack.options().controllerPort())
                .restPort(stack.options().restPort()).jobManagerRpcPort(stack.options().jobManagerRpcPort())
                .metricsPort(stack.options().metricsPort())
                .build());

        assertThatThrownBy(second::up)
                .isInstanceOf(StackException.class)
                .hasMessageStartingWith("Kafka port " + stack.options().kafkaPort() + " on 127.0.0.1 is already in use (--kafka-port)")
                .hasMessageContaining("Flink REST port " + stack.options().restPort())
                .hasMessageContaining("Prometheus metrics of taskmanager port " + (stack.options().metricsPort() + 1));
        assertThat(Files.exists(dir.resolve("second/run/kafka.pid"))).isFalse();
    }

    /**
     * A browser lets a page read a cross-origin answer only when {@code Access-Control-Allow-Origin}
     * names the page's origin or is {@code *}. A page elsewhere must not read the REST API: the jar id
     * in {@code /jars/upload}'s answer is all it needs to run that jar.
     */
    @Test
    @Order(1)
    void shouldRefuseCrossOriginRequestsFromAForeignPage() throws Exception {
        String foreign = "http://evil.example";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest preflight = HttpRequest.newBuilder(URI.create(stack.options().restUrl() + "/jars/upload"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", foreign).header("Access-Control-Request-Method", "POST")
                .timeout(Duration.ofSeconds(5)).build();
        HttpRequest read = HttpRequest.newBuilder(URI.create(stack.options().restUrl() + "/overview"))
                .header("Origin", foreign).timeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> preflightAnswer = http.send(preflight, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> readAnswer = http.send(read, HttpResponse.BodyHandlers.ofString());

        assertThat(preflightAnswer.headers().allValues("Access-Control-Allow-Origin"))
                .as("preflight answer %s", preflightAnswer.statusCode()).doesNotContain("*", foreign);
        assertThat(readAnswer.statusCode()).isEqualTo(200);
        assertThat(readAnswer.headers().allValues("Access-Control-Allow-Origin"))
                .containsExactly(stack.options().restUrl());
    }

    @Test
    @Order(3)
    void shouldDeployAJobWithItsArgumentsAndWaitUntilItRuns() throws Exception {
        Path jar = TinyJobJars.write(dir);

        CliRun run = CliRun.of(new DeployCommand(), "--cluster", stack.options().restUrl(), "--jar", jar.toString(),
                "--entry-class", TinyJobJars.ENTRY_CLASS, "--wait-running", "--name", "tiny-from-test");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("Job id: [0-9a-f]{32}").contains("is RUNNING.");
        String jobId = run.out().lines().filter(l -> l.startsWith("Job id: ")).findFirst().orElseThrow().substring(8);
        FlinkRestClient rest = new FlinkRestClient(URI.create(stack.options().restUrl()), Duration.ofSeconds(5));
        assertThat(rest.jobState(jobId).name()).isEqualTo("tiny-from-test");
        assertThat(rest.jobState(jobId).state()).isEqualTo("RUNNING");
    }

    @Test
    @Order(4)
    void shouldRegisterAFreshTaskManagerAfterAKill() {
        long killed = stack.status().of(StackRole.TASK_MANAGER).pid().orElseThrow();

        stack.killTaskManager();
        assertThat(stack.status().of(StackRole.TASK_MANAGER).up()).isFalse();
        assertThat(ProcessHandle.of(killed).filter(ProcessHandle::isAlive)).isEmpty();
        FlinkRestClient.ClusterOverview overview = stack.startTaskManager();

        assertThat(overview.taskManagers()).isGreaterThanOrEqualTo(1);
        assertThat(stack.status().of(StackRole.TASK_MANAGER).pid().orElseThrow()).isNotEqualTo(killed);
    }

    @Test
    @Order(5)
    void shouldRestartKafkaOnItsOldData() throws Exception {
        stack.stopKafka();
        assertThat(stack.status().of(StackRole.KAFKA).up()).isFalse();
        assertThat(LocalStack.accepts(stack.options().kafkaPort())).isFalse();

        stack.startKafka();

        assertThat(stack.status().of(StackRole.KAFKA).portOpen()).isTrue();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.options().bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(LocalStack.TOPICS);
        }
    }

    @Test
    @Order(6)
    void shouldLeaveNoProcessBehindOnDown() throws Exception {
        List<Long> running = stack.status().processes().stream().map(p -> p.pid().orElseThrow()).toList();

        StackStatus before = stack.down();

        assertThat(before.processes()).extracting(p -> p.process())
                .containsExactly(StackRole.TASK_MANAGER, StackRole.JOB_MANAGER, StackRole.KAFKA);
        assertThat(running).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
        assertThat(stack.status().noneUp()).isTrue();
        assertThat(LocalStack.accepts(stack.options().kafkaPort())).isFalse();
        assertThat(LocalStack.accepts(stack.options().restPort())).isFalse();
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("-Dfacemask.stack=" + stack.options().stackDir())))
                .isEmpty();
        try (Stream<Path> pidFiles = Files.list(stack.options().layout().runDir())) {
            assertThat(pidFiles).isEmpty();
        }
    }
}
