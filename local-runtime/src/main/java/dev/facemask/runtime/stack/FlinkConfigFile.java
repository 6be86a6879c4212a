package dev.facemask.runtime.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the session cluster's {@code conf/config.yaml} (Flink 2's flat-key YAML): loopback addresses,
 * the ports of {@link StackOptions}, and every temporary folder inside the stack folder.
 */
final class FlinkConfigFile {

    static final String PROMETHEUS_FACTORY_KEY = "metrics.reporter.prom.factory.class";
    static final String PROMETHEUS_FACTORY = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";
    static final String PROMETHEUS_PORT_KEY = "metrics.reporter.prom.port";

    private final StackOptions options;
    private final StackLayout layout;

    FlinkConfigFile(StackOptions options) {
        this.options = options;
        this.layout = options.layout();
    }

    /** The options as written, in file order. */
    Map<String, String> entries() {
        String host = StackLayout.HOST;
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("jobmanager.rpc.address", host);
        conf.put("jobmanager.rpc.port", Integer.toString(options.jobManagerRpcPort()));
        conf.put("jobmanager.bind-host", host);
        conf.put("jobmanager.memory.process.size", options.jobManagerMemory());
        conf.put("taskmanager.host", host);
        conf.put("taskmanager.bind-host", host);
        conf.put("taskmanager.numberOfTaskSlots", Integer.toString(options.taskSlots()));
        conf.put("taskmanager.memory.process.size", options.taskManagerMemory());
        // No RocksDB here: keep managed memory small and leave the heap to image decoding.
        conf.put("taskmanager.memory.managed.size", "64m");
        conf.put("parallelism.default", "1");
        conf.put("rest.address", host);
        conf.put("rest.bind-address", host);
        conf.put("rest.port", Integer.toString(options.restPort()));
        conf.put("web.submit.enable", "true");
        // Flink's default is '*': any web page the user opens could read /jars/upload's answer (the jar
        // id) and then run that jar. Only the stack's own web UI may read the REST API's answers.
        conf.put("web.access-control-allow-origin", options.restUrl());
        conf.put("web.upload.dir", layout.flinkDir().resolve("web-upload").toString());
        conf.put("io.tmp.dirs", layout.flinkDir().resolve("tmp").toString());
        conf.put("blob.server.port", "0");
        // A lost TaskManager is noticed in 10 s instead of 50 s, which keeps fault tests short.
        conf.put("heartbeat.timeout", "10000");
        conf.put("heartbeat.interval", "2000");
        conf.put("classloader.resolve-order", "child-first");
        // Prometheus pulls metrics from every JVM (the reporter jar is on their classpath, as Flink's plugins/
        // would hold it). This port is the JobManager's; each TaskManager gets its own with -D (FlinkCluster).
        conf.put(PROMETHEUS_FACTORY_KEY, PROMETHEUS_FACTORY);
        conf.put(PROMETHEUS_PORT_KEY, Integer.toString(options.metricsPort()));
        // Checkpoints go to files under the stack folder, not the JobManager's memory (5 MB per state by
        // default): the async inference operator checkpoints its in-flight frames as model inputs, and
        // 32 of the seed model's 244x244x3 float tensors are 22 MB, so every checkpoint failed under load.
        conf.put("execution.checkpointing.storage", "filesystem");
        // A plain path after file://: Flink quotes it itself (a URI-encoded %20 would become a folder named %20).
        conf.put("execution.checkpointing.dir", "file://" + layout.flinkDir().resolve("checkpoints").toAbsolutePath());
        return conf;
    }

    void write() {
        String yaml = "# Written by `detector stack up`.\n" + entries().entrySet().stream()
                .map(e -> e.getKey() + ": " + quote(e.getValue()))
                .collect(Collectors.joining("\n", "", "\n"));
        try {
            Files.createDirectories(layout.flinkConfDir());
            Files.createDirectories(layout.flinkDir().resolve("tmp"));
            Files.createDirectories(layout.flinkDir().resolve("web-upload"));
            Files.writeString(layout.flinkConfDir().resolve("config.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + layout.flinkConfDir().resolve("config.yaml"), e);
        }
    }

    /** Paths may hold characters YAML reads specially; single quotes keep them literal. */
    private static String quote(String value) {
        return value.matches("[A-Za-z0-9._-]+") ? value : "'" + value.replace("'", "''") + "'";
    }
}
