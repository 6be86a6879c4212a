package dev.facemask.runtime.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to run the local stack: where its state lives, where the staged jars are, its ports and sizes.
 *
 * <pre>{@code
 * StackOptions options = StackOptions.builder()
 *         .stackDir(Path.of(".stack"))
 *         .jarsDir(Path.of("local-runtime/target/stack"))
 *         .kafkaPort(19092)
 *         .build();
 * }</pre>
 *
 * @param stackDir pid files, configs, data and logs (default {@code .stack/} in the repository)
 * @param jarsDir the staged jar sets {@code kafka/}, {@code flink/}, {@code model-runtime/} (from {@code mvn -pl local-runtime -am package})
 * @param kafkaPort the broker's client listener on 127.0.0.1
 * @param controllerPort the KRaft controller listener on 127.0.0.1
 * @param restPort Flink's REST API and web UI on 127.0.0.1
 * @param jobManagerRpcPort Flink's JobManager RPC port on 127.0.0.1
 * @param metricsPort the JobManager's Prometheus endpoint; TaskManager number n serves on {@code metricsPort + n}
 * @param taskManagers TaskManager JVMs, each with {@code taskSlots} slots and {@code taskManagerMemory}
 * @param taskSlots slots of each TaskManager
 * @param jobManagerMemory Flink's {@code jobmanager.memory.process.size}, e.g. {@code 1024m}
 * @param taskManagerMemory Flink's {@code taskmanager.memory.process.size}; TensorFlow's native memory comes on top
 * @param startTimeout how long {@code up} waits for Kafka and Flink to answer
 * @param stopTimeout how long {@code down} waits after SIGTERM before SIGKILL
 */
public record StackOptions(
        Path stackDir,
        Path jarsDir,
        int kafkaPort,
        int controllerPort,
        int restPort,
        int jobManagerRpcPort,
        int metricsPort,
        int taskManagers,
        int taskSlots,
        String jobManagerMemory,
        String taskManagerMemory,
        Duration startTimeout,
        Duration stopTimeout) {

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_REST_PORT = 8081;
    public static final int DEFAULT_JOB_MANAGER_RPC_PORT = 6123;
    /** Flink's usual Prometheus reporter port, as in docker-compose.yml and deploy/k8s. */
    public static final int DEFAULT_METRICS_PORT = 9249;
    public static final int DEFAULT_TASK_MANAGERS = 1;
    public static final int DEFAULT_TASK_SLOTS = 2;
    /** More TaskManagers than this would not fit a workstation's memory: each takes 1.6 GB plus TensorFlow's. */
    public static final int MAX_TASK_MANAGERS = 8;

    /** {@code 127.0.0.1:<kafkaPort>}, for {@code --bootstrap-servers}. */
    public String bootstrapServers() {
        return StackLayout.HOST + ":" + kafkaPort;
    }

    /** {@code http://127.0.0.1:<restPort>}, for {@code detector deploy --cluster}. */
    public String restUrl() {
        return "http://" + StackLayout.HOST + ":" + restPort;
    }

    /**
     * The Prometheus reporter's port of {@code jvm}: {@link #metricsPort} for the JobManager, {@code metricsPort + n}
     * for TaskManager number n (so two TaskManagers on one host never collide), 0 for Kafka.
     */
    public int metricsPortOf(StackJvm jvm) {
        if (jvm == StackRole.JOB_MANAGER) {
            return metricsPort;
        }
        if (jvm == StackRole.TASK_MANAGER) {
            return metricsPort + 1;
        }
        return jvm instanceof StackJvm.AdditionalTaskManager tm ? metricsPort + tm.number() : 0;
    }

    /** {@code http://127.0.0.1:<port>/metrics} of the JobManager and then each TaskManager: what Prometheus scrapes. */
    public List<String> metricsUrls() {
        List<String> urls = new ArrayList<>();
        urls.add(metricsUrl(metricsPort));
        for (int number = 1; number <= taskManagers; number++) {
            urls.add(metricsUrl(metricsPort + number));
        }
        return List.copyOf(urls);
    }

    private static String metricsUrl(int port) {
        return "http://" + StackLayout.HOST + ":" + port + "/metrics";
    }

    /** Slots of all TaskManagers together: the largest parallelism a job gets, and the partitions of each topic. */
    public int totalSlots() {
        return taskManagers * taskSlots;
    }

    public StackLayout layout() {
        return new StackLayout(stackDir, jarsDir);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values, to change a few. */
    public Builder toBuilder() {
        return builder().stackDir(stackDir).jarsDir(jarsDir).kafkaPort(kafkaPort).controllerPort(controllerPort)
                .restPort(restPort).jobManagerRpcPort(jobManagerRpcPort).metricsPort(metricsPort).taskManagers(taskManagers).taskSlots(taskSlots)
                .jobManagerMemory(jobManagerMemory).taskManagerMemory(taskManagerMemory)
                .startTimeout(startTimeout).stopTimeout(stopTimeout);
    }

    /** Defaults as documented on the record; {@link #build()} checks the combination. */
    public static final class Builder {
        private Path stackDir = StackLayout.defaultStackDir();
        private Path jarsDir = StackLayout.defaultJarsDir();
        private int kafkaPort = DEFAULT_KAFKA_PORT;
        private int controllerPort = DEFAULT_CONTROLLER_PORT;
        private int restPort = DEFAULT_REST_PORT;
        private int jobManagerRpcPort = DEFAULT_JOB_MANAGER_RPC_PORT;
        private int metricsPort = DEFAULT_METRICS_PORT;
        private int taskManagers = DEFAULT_TASK_MANAGERS;
        private int taskSlots = DEFAULT_TASK_SLOTS;
        private String jobManagerMemory = "1024m";
        private String taskManagerMemory = "1600m";
        private Duration startTimeout = Duration.ofSeconds(90);
        private Duration stopTimeout = Duration.ofSeconds(20);

        public Builder stackDir(Path dir) { this.stackDir = Objects.requireNonNull(dir, "stackDir"); return this; }
        public Builder jarsDir(Path dir) { this.jarsDir = Objects.requireNonNull(dir, "jarsDir"); return this; }
        public Builder kafkaPort(int port) { this.kafkaPort = port; return this; }
        public Builder controllerPort(int port) { this.controllerPort = port; return this; }
        public Builder restPort(int port) { this.restPort = port; return this; }
        public Builder jobManagerRpcPort(int port) { this.jobManagerRpcPort = port; return this; }
        public Builder metricsPort(int port) { this.metricsPort = port; return this; }
        public Builder taskManagers(int count) { this.taskManagers = count; return this; }
        public Builder taskSlots(int slots) { this.taskSlots = slots; return this; }
        public Builder jobManagerMemory(String size) { this.jobManagerMemory = Objects.requireNonNull(size, "jobManagerMemory"); return this; }
        public Builder taskManagerMemory(String size) { this.taskManagerMemory = Objects.requireNonNull(size, "taskManagerMemory"); return this; }
        public Builder startTimeout(Duration timeout) { this.startTimeout = Objects.requireNonNull(timeout, "startTimeout"); return this; }
        public Builder stopTimeout(Duration timeout) { this.stopTimeout = Objects.requireNonNull(timeout, "stopTimeout"); return this; }

        public StackOptions build() {
            int[] ports = {kafkaPort, controllerPort, restPort, jobManagerRpcPort};
            String[] names = {"Kafka port", "controller port", "REST port", "JobManager RPC port"};
            for (int i = 0; i < ports.length; i++) {
                if (ports[i] < 1 || ports[i] > 65535) {
                    throw new IllegalArgumentException(names[i] + " must be in 1..65535, got " + ports[i]);
                }
                for (int j = 0; j < i; j++) {
                    if (ports[i] == ports[j]) {
                        throw new IllegalArgumentException(names[i] + " and " + names[j] + " are both " + ports[i]
                                + ": give each its own port");
                    }
                }
            }
            if (taskManagers < 1 || taskManagers > MAX_TASK_MANAGERS) {
                throw new IllegalArgumentException("taskManagers must be in 1.." + MAX_TASK_MANAGERS + ", got " + taskManagers);
            }
            int lastMetricsPort = metricsPort + taskManagers;
            if (metricsPort < 1 || lastMetricsPort > 65535) {
                throw new IllegalArgumentException("metrics ports " + metricsPort + ".." + lastMetricsPort
                        + " (JobManager, then one per TaskManager) must be in 1..65535");
            }
            for (int i = 0; i < ports.length; i++) {
                if (ports[i] >= metricsPort && ports[i] <= lastMetricsPort) {
                    throw new IllegalArgumentException(names[i] + " " + ports[i] + " lies in the metrics ports " + metricsPort
                            + ".." + lastMetricsPort + " (JobManager, then one per TaskManager): choose another --metrics-port");
                }
            }
            if (taskSlots < 1) {
                throw new IllegalArgumentException("taskSlots must be at least 1, got " + taskSlots);
            }
            for (String size : new String[] {jobManagerMemory, taskManagerMemory}) {
                if (!size.matches("\\d+[kmgKMG]?[bB]?")) {
                    throw new IllegalArgumentException("memory size '" + size + "' is not a Flink size such as 1600m or 2g");
                }
            }
            if (startTimeout.isNegative() || startTimeout.isZero() || stopTimeout.isNegative()) {
                throw new IllegalArgumentException("timeouts must be positive, got start " + startTimeout + ", stop " + stopTimeout);
            }
            return new StackOptions(stackDir.toAbsolutePath().normalize(), jarsDir.toAbsolutePath().normalize(),
                    kafkaPort, controllerPort, restPort, jobManagerRpcPort, metricsPort, taskManagers, taskSlots,
                    jobManagerMemory, taskManagerMemory, startTimeout, stopTimeout);
        }
    }
}
