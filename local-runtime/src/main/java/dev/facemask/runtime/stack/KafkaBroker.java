package dev.facemask.runtime.stack;

import dev.facemask.kafka.embedded.OneNodeBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * One Kafka 4.2 KRaft node (broker and controller in one JVM) on 127.0.0.1, from the staged
 * {@code kafka/} jars: {@code kafka.tools.StorageTool format} once, then {@code kafka.Kafka server.properties}.
 * Its data folder survives {@code stop}/{@code start}, as a real broker's disk would.
 */
final class KafkaBroker {

    private static final List<String> JVM_OPTIONS = List.of("-Xms256m", "-Xmx512m", "-Djava.awt.headless=true");

    private final StackOptions options;
    private final StackLayout layout;
    private final ProcessSupervisor processes;

    KafkaBroker(StackOptions options, ProcessSupervisor processes) {
        this.options = options;
        this.layout = options.layout();
        this.processes = processes;
    }

    /** Writes {@code server.properties} and formats the storage on first use. Blocking: one short JVM. */
    void prepare() {
        writeConfig();
        if (!Files.exists(layout.kafkaDataDir().resolve("meta.properties"))) {
            // Uuid.randomUuid() is what `StorageTool random-uuid` prints; generating it here saves a JVM start.
            String clusterId = Uuid.randomUuid().toString();
            processes.runToEnd("kafka-format", command("kafka.tools.StorageTool")
                    .args(List.of("format", "-t", clusterId, "-c", layout.kafkaConfig().toString()))
                    .build(), Duration.ofSeconds(60));
        }
    }

    ProcessHandle start() {
        return processes.start(StackRole.KAFKA,
                command(StackRole.KAFKA.mainClass()).arg(layout.kafkaConfig().toString()).build());
    }

    /**
     * Waits until the broker answers {@code describeCluster}; fails early if its JVM died. The admin
     * client starts only once the port accepts connections, so it does not log a warning per retry.
     */
    void awaitReady(Instant deadline) {
        while (!LocalStack.accepts(options.kafkaPort())) {
            checkAlive(deadline);
            sleep(Duration.ofMillis(200));
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                Optional<Integer> nodes = describe(admin);
                if (nodes.isPresent() && nodes.get() > 0) {
                    return;
                }
                checkAlive(deadline);
                sleep(Duration.ofMillis(250));
            }
        }
    }

    private void checkAlive(Instant deadline) {
        if (processes.running(StackRole.KAFKA).isEmpty()) {
            throw new StackException("Kafka exited during start-up"
                    + processes.exitOf(StackRole.KAFKA).map(e -> " (" + e + ")").orElse("") + ": " + LogTail.of(layout, StackRole.KAFKA));
        }
        if (Instant.now().isAfter(deadline)) {
            throw new StackException("Kafka did not answer on " + options.bootstrapServers() + " in time: "
                    + LogTail.of(layout, StackRole.KAFKA));
        }
    }

    /**
     * Creates the topics that do not exist yet, with {@code partitions} partitions and one replica. The
     * job's Kafka source fails on a missing topic instead of waiting for it, so {@code up} makes them.
     *
     * @return the topics this call created
     */
    List<String> createTopics(List<String> names, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = names.stream().filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, partitions, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while creating topics " + names, e);
        } catch (Exception e) {
            throw new StackException("cannot create topics " + names + " on " + options.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Integer> describe(Admin admin) {
        try {
            return Optional.of(admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                    .nodes().get(3, TimeUnit.SECONDS).size());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for Kafka", e);
            }
            return Optional.empty();
        }
    }

    private JvmCommand.Builder command(String mainClass) {
        return JvmCommand.builder(mainClass)
                .jvmOption(processes.marker())
                .jvmOptions(JVM_OPTIONS)
                .jvmOptions(JvmCommand.QUICK_START)
                .jvmOption("-Dlog4j2.configurationFile=" + layout.log4jConfig().toUri())
                .jvmOption("-Dlog.file=" + layout.logFile(StackRole.KAFKA))
                .classpath(layout.kafkaJars());
    }

    private void writeConfig() {
        String host = StackLayout.HOST;
        String text = String.join("\n",
                "# Written by `detector stack up`: one KRaft node, broker and controller, on loopback.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + host + ":" + options.controllerPort(),
                "listeners=PLAINTEXT://" + host + ":" + options.kafkaPort() + ",CONTROLLER://" + host + ":" + options.controllerPort(),
                "advertised.listeners=PLAINTEXT://" + host + ":" + options.kafkaPort(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + layout.kafkaDataDir(),
                "num.partitions=1",
                "auto.create.topics.enable=true",
                "log.retention.hours=24",
                OneNodeBroker.propertiesLines());
        try {
            Files.createDirectories(layout.kafkaDataDir());
            Files.writeString(layout.kafkaConfig(), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + layout.kafkaConfig(), e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", e);
        }
    }
}
