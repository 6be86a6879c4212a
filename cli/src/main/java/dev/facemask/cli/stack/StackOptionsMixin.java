package dev.facemask.cli.stack;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every {@code stack} subcommand shares: where the stack lives and which ports it uses. */
public final class StackOptionsMixin {

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Stack folder: pid files, configs, data, logs (default: .stack in the repository).")
    Path dir;

    @Option(names = "--jars", paramLabel = "DIR",
            description = "Staged jar sets kafka/, flink/, model-runtime/ (default: cli/target/stack, from `mvn -pl cli package`).")
    Path jars;

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Kafka client port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int kafkaPort = StackOptions.DEFAULT_KAFKA_PORT;

    @Option(names = "--controller-port", paramLabel = "PORT", description = "KRaft controller port (default: ${DEFAULT-VALUE}).")
    int controllerPort = StackOptions.DEFAULT_CONTROLLER_PORT;

    @Option(names = "--rest-port", paramLabel = "PORT", description = "Flink REST/web UI port (default: ${DEFAULT-VALUE}).")
    int restPort = StackOptions.DEFAULT_REST_PORT;

    @Option(names = "--jobmanager-rpc-port", paramLabel = "PORT", description = "Flink JobManager RPC port (default: ${DEFAULT-VALUE}).")
    int jobManagerRpcPort = StackOptions.DEFAULT_JOB_MANAGER_RPC_PORT;

    @Option(names = "--slots", paramLabel = "N", description = "Task slots of the TaskManager (default: ${DEFAULT-VALUE}).")
    int slots = StackOptions.DEFAULT_TASK_SLOTS;

    @Option(names = "--taskmanager-memory", paramLabel = "SIZE",
            description = "Flink taskmanager.memory.process.size; TensorFlow's native memory comes on top (default: ${DEFAULT-VALUE}).")
    String taskManagerMemory = "1600m";

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long `up` waits for Kafka and Flink (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 90;

    /** The options as given; {@link IllegalArgumentException} names a bad one. */
    public StackOptions toOptions() {
        StackOptions.Builder builder = StackOptions.builder()
                .kafkaPort(kafkaPort)
                .controllerPort(controllerPort)
                .restPort(restPort)
                .jobManagerRpcPort(jobManagerRpcPort)
                .taskSlots(slots)
                .taskManagerMemory(taskManagerMemory)
                .startTimeout(Duration.ofSeconds(timeoutSeconds));
        if (dir != null) {
            builder.stackDir(dir);
        }
        if (jars != null) {
            builder.jarsDir(jars);
        }
        return builder.build();
    }
}
