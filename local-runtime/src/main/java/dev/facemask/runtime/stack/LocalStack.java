package dev.facemask.runtime.stack;

import dev.facemask.runtime.flink.FlinkRestClient.ClusterOverview;
import dev.facemask.job.options.JobOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A real Kafka broker and Flink session cluster on 127.0.0.1, each in its own JVM, started from the
 * staged Maven jars and controlled through pid files in the stack folder. The cluster has one
 * JobManager and {@link StackOptions#taskManagers()} TaskManagers.
 *
 * <pre>{@code
 * LocalStack stack = new LocalStack(StackOptions.builder().stackDir(dir).build());
 * stack.up();                  // blocks until Kafka answers and every TaskManager has registered
 * stack.killTaskManager();     // fault tests: SIGKILL, as a crash
 * stack.startTaskManager();
 * stack.down();                // SIGTERM, then SIGKILL, only to the pids this stack started
 * }</pre>
 */
public final class LocalStack {

    private static final String LOG4J_CONFIG = String.join("\n",
            "# Written by `detector stack up`: each stack JVM logs to the file named by -Dlog.file.",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = file",
            "appender.file.type = File",
            "appender.file.name = file",
            "appender.file.fileName = ${sys:log.file}",
            "appender.file.append = true",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = %d{ISO8601} %-5p [%t] %c - %m%n",
            "logger.kafka.name = org.apache.kafka",
            "logger.kafka.level = WARN",
            "");

    /** The streaming job's default topics, created by {@link #up()} with one partition per task slot of all TaskManagers. */
    public static final List<String> TOPICS = List.of(
            JobOptions.DEFAULT_FRAMES_TOPIC, JobOptions.DEFAULT_DETECTIONS_TOPIC, JobOptions.DEFAULT_DEAD_LETTER_TOPIC);

    private final StackOptions options;
    private final StackLayout layout;
    private final ProcessSupervisor processes;
    private final KafkaBroker kafka;
    private final FlinkCluster flink;

    public LocalStack(StackOptions options) {
        this.options = options;
        this.layout = options.layout();
        this.processes = new ProcessSupervisor(layout);
        this.kafka = new KafkaBroker(options, processes);
        this.flink = new FlinkCluster(options, processes);
    }

    /** A stack for an existing folder, with the ports its last {@code up} recorded. */
    public static LocalStack existing(StackOptions defaults) {
        return new LocalStack(StackOptionsFile.readOver(defaults));
    }

    public StackOptions options() {
        return options;
    }

    /** Whether the TaskManager gets the TensorFlow/DJL/inference jars (staged by {@code mvn -pl local-runtime -am package}). */
    public boolean hasModelRuntime() {
        return flink.hasModelRuntime();
    }

    /**
     * Starts whatever is not running yet (Kafka and Flink in parallel), waits until both answer and
     * creates the {@link #TOPICS} that are missing. If any part fails to start, stops the parts this
     * call started and throws with the reason.
     */
    public StackStatus up() {
        List<StackJvm> missing = new ArrayList<>();
        for (StackJvm process : jvms()) {
            if (processes.running(process).isEmpty()) {
                missing.add(process);
            }
        }
        if (missing.isEmpty()) {
            return status();
        }
        checkPortsFree(missing);
        writeSharedFiles();
        Instant deadline = Instant.now().plus(options.startTimeout());
        CompletableFuture<Void> kafkaReady = CompletableFuture.runAsync(() -> {
            if (missing.contains(StackRole.KAFKA)) {
                startKafka(deadline);
            }
            kafka.createTopics(TOPICS, options.totalSlots());
        });
        CompletableFuture<Void> flinkReady = CompletableFuture.runAsync(() -> startFlink(missing, deadline));
        try {
            CompletableFuture.allOf(kafkaReady, flinkReady).join();
        } catch (CompletionException e) {
            kafkaReady.exceptionally(t -> null).join();
            flinkReady.exceptionally(t -> null).join();
            missing.forEach(p -> processes.stop(p, options.stopTimeout()));
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return status();
    }

    /**
     * Stops the TaskManagers, JobManager and Kafka if they are ours: SIGTERM to all at once (each
     * takes seconds to shut down, so in parallel {@code down} costs the slowest, not the sum), SIGKILL
     * after the stop timeout. Returns what ran before, TaskManagers first.
     */
    public StackStatus down() {
        StackStatus before = status();
        List<StackStatus.ProcessStatus> stopped = new ArrayList<>(before.processes());
        Collections.reverse(stopped);
        CompletableFuture.allOf(stopped.stream()
                .map(p -> CompletableFuture.runAsync(() -> processes.stop(p.process(), options.stopTimeout())))
                .toArray(CompletableFuture[]::new)).join();
        return new StackStatus(List.copyOf(stopped), before.bootstrapServers(), before.restUrl(), before.metricsUrls());
    }

    public StackStatus status() {
        List<StackStatus.ProcessStatus> list = new ArrayList<>();
        for (StackJvm process : jvms()) {
            OptionalLong pid = processes.running(process).map(h -> OptionalLong.of(h.pid())).orElse(OptionalLong.empty());
            int port = endpointPort(process);
            String endpoint = port > 0 ? StackLayout.HOST + ":" + port : "";
            list.add(new StackStatus.ProcessStatus(process, pid, endpoint, port > 0 && accepts(port)));
        }
        return new StackStatus(List.copyOf(list), options.bootstrapServers(), options.restUrl(), options.metricsUrls());
    }

    /** Kafka, the JobManager, then the {@code taskManagers} TaskManagers of the options: the start order. */
    private List<StackJvm> jvms() {
        List<StackJvm> list = new ArrayList<>(List.of(StackRole.KAFKA, StackRole.JOB_MANAGER));
        list.addAll(StackJvm.taskManagers(options.taskManagers()));
        return list;
    }

    /** SIGKILL to the (first) TaskManager, as a machine crash would; running jobs lose their slots. */
    public void killTaskManager() {
        if (!processes.kill(StackRole.TASK_MANAGER)) {
            throw new StackException("no TaskManager of this stack is running (" + layout.root() + ")");
        }
    }

    /** Starts the (first) TaskManager again and waits until it has registered with the JobManager. */
    public ClusterOverview startTaskManager() {
        requireNotRunning(StackRole.TASK_MANAGER);
        flink.startTaskManager(StackRole.TASK_MANAGER);
        return flink.awaitReady(Instant.now().plus(options.startTimeout()));
    }

    /** Stops the broker gracefully (SIGTERM); its data stays for {@link #startKafka()}. */
    public void stopKafka() {
        if (!processes.stop(StackRole.KAFKA, options.stopTimeout())) {
            throw new StackException("no Kafka of this stack is running (" + layout.root() + ")");
        }
    }

    /** Starts the broker on its old data and waits until it answers. */
    public void startKafka() {
        requireNotRunning(StackRole.KAFKA);
        checkPortsFree(List.of(StackRole.KAFKA));
        Instant deadline = Instant.now().plus(options.startTimeout());
        try {
            startKafka(deadline);
        } catch (StackException first) {
            // Seen once in CI: a broker started right after the old one exited lost the race for its
            // log-dir lock or controller port and exited. One retry after a pause.
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw first;
            }
            startKafka(deadline);
        }
    }

    private void startKafka(Instant deadline) {
        kafka.prepare();
        kafka.start();
        kafka.awaitReady(deadline);
    }

    private void startFlink(List<StackJvm> missing, Instant deadline) {
        flink.prepare();
        flink.start(missing.contains(StackRole.JOB_MANAGER), missing.stream().filter(StackJvm::isTaskManager).toList());
        flink.awaitReady(deadline);
    }

    private void requireNotRunning(StackJvm process) {
        processes.running(process).ifPresent(h -> {
            throw new StackException(process.id() + " is already running (pid " + h.pid() + ")");
        });
    }

    private void writeSharedFiles() {
        try {
            Files.createDirectories(layout.root());
            Files.writeString(layout.log4jConfig(), LOG4J_CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + layout.log4jConfig(), e);
        }
        StackOptionsFile.write(options);
    }

    private void checkPortsFree(List<? extends StackJvm> toStart) {
        List<String> busy = new ArrayList<>();
        if (toStart.contains(StackRole.KAFKA)) {
            addIfBusy(busy, options.kafkaPort(), "Kafka", "--kafka-port");
            addIfBusy(busy, options.controllerPort(), "Kafka controller", "--controller-port");
        }
        if (toStart.contains(StackRole.JOB_MANAGER)) {
            addIfBusy(busy, options.restPort(), "Flink REST", "--rest-port");
            addIfBusy(busy, options.jobManagerRpcPort(), "Flink JobManager RPC", "--jobmanager-rpc-port");
        }
        for (StackJvm jvm : toStart) {
            if (jvm != StackRole.KAFKA) {
                addIfBusy(busy, options.metricsPortOf(jvm), "Prometheus metrics of " + jvm.id(), "--metrics-port");
            }
        }
        if (!busy.isEmpty()) {
            throw new StackException(String.join("; ", busy)
                    + ". Stop what holds it (`./detector stack status`, `ss -ltnp`) or choose another port.");
        }
    }

    private static void addIfBusy(List<String> busy, int port, String what, String option) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(StackLayout.HOST, port));
        } catch (IOException e) {
            busy.add(what + " port " + port + " on " + StackLayout.HOST + " is already in use (" + option + ")");
        }
    }

    private int endpointPort(StackJvm process) {
        if (process == StackRole.KAFKA) {
            return options.kafkaPort();
        }
        return process == StackRole.JOB_MANAGER ? options.restPort() : options.metricsPortOf(process); // a TaskManager: its Prometheus endpoint
    }

    /** Whether something listens on {@code port} of {@link StackLayout#HOST}. */
    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(StackLayout.HOST, port), 500);
            // With nothing listening on a port in the ephemeral range, Linux can pick that same port for
            // the client and "connect" the socket to itself (TCP simultaneous open): not a listener.
            return socket.getLocalPort() != port;
        } catch (IOException e) {
            return false;
        }
    }
}
