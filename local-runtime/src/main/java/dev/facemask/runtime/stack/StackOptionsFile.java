package dev.facemask.runtime.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Remembers the ports and sizes (TaskManagers, slots, memory) of the last {@code up} in {@code stack.properties}, so {@code status} and
 * {@code down} find a stack started with {@code --kafka-port 19092} without being told again.
 */
public final class StackOptionsFile {
    private StackOptionsFile() {}

    public static void write(StackOptions options) {
        Properties props = new Properties();
        props.setProperty("kafka.port", Integer.toString(options.kafkaPort()));
        props.setProperty("controller.port", Integer.toString(options.controllerPort()));
        props.setProperty("rest.port", Integer.toString(options.restPort()));
        props.setProperty("jobmanager.rpc.port", Integer.toString(options.jobManagerRpcPort()));
        props.setProperty("metrics.port", Integer.toString(options.metricsPort()));
        props.setProperty("taskmanagers", Integer.toString(options.taskManagers()));
        props.setProperty("task.slots", Integer.toString(options.taskSlots()));
        props.setProperty("jobmanager.memory", options.jobManagerMemory());
        props.setProperty("taskmanager.memory", options.taskManagerMemory());
        Path file = options.layout().optionsFile();
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                props.store(out, "Written by `detector stack up`; read by status and down");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** {@code defaults} with the ports and sizes of {@code stack.properties} in its stack folder, if there is one. */
    public static StackOptions readOver(StackOptions defaults) {
        Path file = defaults.layout().optionsFile();
        if (!Files.isRegularFile(file)) {
            return defaults;
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            return defaults.toBuilder()
                    .kafkaPort(intOf(props, "kafka.port", defaults.kafkaPort()))
                    .controllerPort(intOf(props, "controller.port", defaults.controllerPort()))
                    .restPort(intOf(props, "rest.port", defaults.restPort()))
                    .jobManagerRpcPort(intOf(props, "jobmanager.rpc.port", defaults.jobManagerRpcPort()))
                    .metricsPort(intOf(props, "metrics.port", defaults.metricsPort()))
                    .taskManagers(intOf(props, "taskmanagers", defaults.taskManagers()))
                    .taskSlots(intOf(props, "task.slots", defaults.taskSlots()))
                    .jobManagerMemory(props.getProperty("jobmanager.memory", defaults.jobManagerMemory()))
                    .taskManagerMemory(props.getProperty("taskmanager.memory", defaults.taskManagerMemory()))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new StackException(file + " is damaged (" + e.getMessage() + "): delete it and run `stack up` again", e);
        }
    }

    private static int intOf(Properties props, String key, int fallback) {
        return Integer.parseInt(props.getProperty(key, Integer.toString(fallback)).strip());
    }
}
