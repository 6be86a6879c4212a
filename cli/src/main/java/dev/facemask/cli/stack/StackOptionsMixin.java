package dev.facemask.cli.stack;

import dev.facemask.runtime.stack.StackOptions;
import dev.facemask.runtime.stack.StackOptionsFile;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every {@code stack} subcommand shares: where the stack lives and which ports it uses. */
public final class StackOptionsMixin {

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Stack folder: pid files, configs, data, logs (default: .stack in the repository).")
    Path dir;

    @Option(names = "--jars", paramLabel = "DIR",
            description = "Staged jar sets kafka/, flink/, model-runtime/ (default: local-runtime/target/stack, from `mvn -pl local-runtime -am package`).")
    Path jars;

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Kafka client port on 127.0.0.1 (default: the last `up` in --dir, else 9092).")
    Integer kafkaPort;

    @Option(names = "--controller-port", paramLabel = "PORT", description = "KRaft controller port (default: the last `up` in --dir, else 9093).")
    Integer controllerPort;

    @Option(names = "--rest-port", paramLabel = "PORT", description = "Flink REST/web UI port (default: the last `up` in --dir, else 8081).")
    Integer restPort;

    @Option(names = "--jobmanager-rpc-port", paramLabel = "PORT", description = "Flink JobManager RPC port (default: the last `up` in --dir, else 6123).")
    Integer jobManagerRpcPort;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Prometheus endpoint of the JobManager; TaskManager n serves on PORT+n (default: the last `up` in --dir, else 9249).")
    Integer metricsPort;

    @Option(names = "--taskmanagers", paramLabel = "N",
            description = "TaskManager JVMs, 1.." + StackOptions.MAX_TASK_MANAGERS + ", each with --slots slots; topics get one partition per slot of all of them (default: the last `up` in --dir, else 1).")
    Integer taskManagers;

    @Option(names = "--slots", paramLabel = "N", description = "Task slots of each TaskManager (default: the last `up` in --dir, else 2).")
    Integer slots;

    @Option(names = "--taskmanager-memory", paramLabel = "SIZE",
            description = "Flink taskmanager.memory.process.size; TensorFlow's native memory comes on top (default: the last `up` in --dir, else 1600m).")
    String taskManagerMemory;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long `up` waits for Kafka and Flink (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 90;

    /**
     * The options of the last {@code up} in the stack folder (or the defaults), with the ones given on
     * this command line on top; {@link IllegalArgumentException} names a bad one.
     */
    public StackOptions toOptions() {
        StackOptions.Builder folder = StackOptions.builder();
        if (dir != null) {
            folder.stackDir(dir);
        }
        if (jars != null) {
            folder.jarsDir(jars);
        }
        StackOptions.Builder builder = StackOptionsFile.readOver(folder.build()).toBuilder()
                .startTimeout(Duration.ofSeconds(timeoutSeconds));
        if (kafkaPort != null) { builder.kafkaPort(kafkaPort); }
        if (controllerPort != null) { builder.controllerPort(controllerPort); }
        if (restPort != null) { builder.restPort(restPort); }
        if (jobManagerRpcPort != null) { builder.jobManagerRpcPort(jobManagerRpcPort); }
        if (metricsPort != null) { builder.metricsPort(metricsPort); }
        if (taskManagers != null) { builder.taskManagers(taskManagers); }
        if (slots != null) { builder.taskSlots(slots); }
        if (taskManagerMemory != null) { builder.taskManagerMemory(taskManagerMemory); }
        return builder.build();
    }
}
