package dev.facemask.runtime.stack;

import dev.facemask.runtime.flink.FlinkRestClient;
import dev.facemask.runtime.flink.FlinkRestClient.ClusterOverview;
import dev.facemask.runtime.flink.FlinkRestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Flink 2.2 session cluster on 127.0.0.1: one JobManager JVM ({@code StandaloneSessionClusterEntrypoint})
 * and {@link StackOptions#taskManagers()} TaskManager JVMs ({@code TaskManagerRunner}), from the staged
 * {@code flink/} jars, as Flink's own {@code jobmanager.sh}/{@code taskmanager.sh} would start them. All
 * also get the {@code model-runtime/} jars, as Flink's {@code lib/} would hold them, so TensorFlow loads
 * once per TaskManager JVM.
 */
final class FlinkCluster {

    private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    private final StackOptions options;
    private final StackLayout layout;
    private final ProcessSupervisor processes;
    private final FlinkConfigFile configFile;
    /** The resource id of each TaskManager's latest start by this object, which {@link #awaitReady} waits for. */
    private final Map<StackJvm, String> taskManagerIds = new ConcurrentHashMap<>();
    FlinkCluster(StackOptions options, ProcessSupervisor processes) {
        this.options = options;
        this.layout = options.layout();
        this.processes = processes;
        this.configFile = new FlinkConfigFile(options);
    }

    void prepare() {
        configFile.write();
    }

    /**
     * Starts the JobManager and/or the given TaskManagers without waiting for them to answer. The JVMs are
     * sized by {@code BashJavaUtils} first, JobManager and TaskManager in parallel: each sizing is a JVM
     * start of about a second, and every TaskManager has the same size.
     */
    void start(boolean jobManager, List<StackJvm> taskManagers) {
        boolean taskManager = !taskManagers.isEmpty();
        CompletableFuture<MemoryParams> jmMemory = jobManager
                ? CompletableFuture.supplyAsync(() -> memoryParams("GET_JM_RESOURCE_PARAMS", "jobmanager-memory"))
                : CompletableFuture.completedFuture(null);
        MemoryParams tmMemory = taskManager ? memoryParams("GET_TM_RESOURCE_PARAMS", "taskmanager-memory") : null;
        MemoryParams jm = joinUnwrapped(jmMemory);
        if (jobManager) {
            startJobManager(jm);
        }
        for (StackJvm tm : taskManagers) {
            startTaskManager(tm, tmMemory); // it retries registering until the JobManager listens
        }
    }

    void startTaskManager(StackJvm taskManager) {
        startTaskManager(taskManager, memoryParams("GET_TM_RESOURCE_PARAMS", "taskmanager-memory"));
    }

    private static <T> T joinUnwrapped(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private ProcessHandle startJobManager(MemoryParams memory) {
        return processes.start(StackRole.JOB_MANAGER, command(StackRole.JOB_MANAGER, memory)
                .args(List.of("--configDir", layout.flinkConfDir().toString(), "--executionMode", "cluster"))
                .args(memory.dynamicConfigs())
                .build());
    }

    private ProcessHandle startTaskManager(StackJvm taskManager, MemoryParams memory) {
        // A fresh resource id per start: awaitReady then waits for this TaskManager, not a dead one
        // the JobManager still lists until its heartbeat times out.
        String resourceId = taskManager.id() + "-" + System.currentTimeMillis();
        taskManagerIds.put(taskManager, resourceId);
        JvmCommand.Builder command = command(taskManager, memory);
        // TensorFlow's natives unpack once into javacpp's cache; share the CLI's cache (630 MB) instead of a second copy.
        command.jvmOption("-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir",
                        Path.of(System.getProperty("user.home"), ".cache", "facemask", "javacpp").toString()))
                .jvmOption("-Dorg.bytedeco.javacpp.maxPhysicalBytes=0")
                .jvmOption("-Dorg.bytedeco.javacpp.maxBytes=0");
        return processes.start(taskManager, command
                .args(List.of("--configDir", layout.flinkConfDir().toString()))
                .args(memory.dynamicConfigs())
                .args(List.of("-D", "taskmanager.resource-id=" + resourceId))
                .args(List.of("-D", FlinkConfigFile.PROMETHEUS_PORT_KEY + "=" + options.metricsPortOf(taskManager)))
                .build());
    }

    boolean hasModelRuntime() {
        return Files.isDirectory(layout.modelRuntimeJars());
    }

    /**
     * Waits until {@code /overview} shows a TaskManager with slots and, after TaskManager starts,
     * until those very TaskManagers have registered; fails early if a JVM died.
     */
    ClusterOverview awaitReady(Instant deadline) {
        FlinkRestClient rest = new FlinkRestClient(java.net.URI.create(options.restUrl()), Duration.ofSeconds(2));
        while (true) {
            List<StackJvm> jvms = new ArrayList<>(List.of(StackRole.JOB_MANAGER));
            jvms.addAll(StackJvm.taskManagers(options.taskManagers()));
            for (StackJvm process : jvms) {
                if (processes.running(process).isEmpty()) {
                    throw new StackException("Flink's " + process.id() + " exited during start-up"
                            + processes.exitOf(process).map(e -> " (" + e + ")").orElse("") + ": " + LogTail.of(layout, process));
                }
            }
            Optional<ClusterOverview> overview = overview(rest);
            // Slots, not free slots: a restarted TaskManager's slots may be taken by a recovering job
            // at once (2 TaskManagers of 1 slot, a job at parallelism 2) before this loop looks.
            if (overview.isPresent() && overview.get().taskManagers() >= 1 && overview.get().slotsTotal() > 0
                    && startedTaskManagersRegistered(rest)) {
                return overview.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StackException("Flink did not report a TaskManager with slots at " + options.restUrl()
                        + "/overview in time (last: " + overview.map(Object::toString).orElse("no answer") + "): "
                        + LogTail.of(layout, StackRole.TASK_MANAGER));
            }
            KafkaBroker.sleep(Duration.ofMillis(250));
        }
    }

    private boolean startedTaskManagersRegistered(FlinkRestClient rest) {
        try {
            return taskManagerIds.isEmpty() || rest.taskManagerIds().containsAll(taskManagerIds.values());
        } catch (FlinkRestException e) {
            return false;
        }
    }

    private static Optional<ClusterOverview> overview(FlinkRestClient rest) {
        try {
            return Optional.of(rest.overview());
        } catch (FlinkRestException e) {
            return Optional.empty();
        }
    }

    private JvmCommand.Builder command(StackJvm process, MemoryParams memory) {
        JvmCommand.Builder command = JvmCommand.builder(process.mainClass())
                .jvmOption(processes.marker())
                .jvmOptions(memory.jvmOptions())
                .jvmOptions(JvmCommand.FLINK_JAVA17_OPENS)
                .jvmOptions(process == StackRole.JOB_MANAGER ? JvmCommand.QUICK_START : List.of())
                .jvmOption("-Djava.awt.headless=true")
                .jvmOption("-Dlog.file=" + layout.logFile(process))
                .jvmOption("-Dlog4j2.configurationFile=" + layout.log4jConfig().toUri())
                .classpath(layout.flinkJars());
        // Flink's lib/ serves both JVMs: the JobManager runs the job's main(), which links the
        // inference/vision classes the job jar leaves out, and the TaskManager runs the model.
        if (hasModelRuntime()) {
            command.classpath(layout.modelRuntimeJars());
        }
        return command;
    }

    /**
     * Flink's scripts size the JVM with {@code BashJavaUtils}: its last two result lines are the JVM flags
     * ({@code -Xmx... -XX:MaxMetaspaceSize=...}) and the derived memory options ({@code -D key=value ...}).
     */
    private MemoryParams memoryParams(String command, String name) {
        String output = processes.runToEnd(name, JvmCommand.builder(BASH_JAVA_UTILS)
                .jvmOptions(JvmCommand.QUICK_START)
                .jvmOption("-Dlog4j2.configurationFile=" + layout.log4jConfig().toUri())
                .jvmOption("-Dlog.file=" + layout.logsDir().resolve(name + ".log"))
                .classpath(layout.flinkJars())
                .args(List.of(command, "--configDir", layout.flinkConfDir().toString()))
                .build(), Duration.ofSeconds(60));
        return MemoryParams.parse(output);
    }

    /** Parsed {@code BashJavaUtils} output. */
    record MemoryParams(List<String> jvmOptions, List<String> dynamicConfigs) {
        static MemoryParams parse(String output) {
            List<String> results = output.lines().filter(l -> l.startsWith(RESULT_PREFIX))
                    .map(l -> l.substring(RESULT_PREFIX.length()).strip()).toList();
            if (results.size() < 2) {
                throw new StackException("BashJavaUtils printed " + results.size() + " result lines, expected 2: "
                        + ProcessSupervisor.tail(output, 3));
            }
            List<String> jvm = split(results.get(results.size() - 2));
            List<String> dynamic = split(results.get(results.size() - 1));
            return new MemoryParams(jvm, dynamic);
        }

        private static List<String> split(String line) {
            return new ArrayList<>(Arrays.stream(line.split("\\s+")).filter(s -> !s.isEmpty()).toList());
        }
    }
}
