package dev.facemask.runtime.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The command line of one stack JVM: {@code java <options> -cp <jars> <main class> <args>}. The
 * classpath lists each jar of the given folders once (by file name, first folder wins), so the
 * TaskManager can take Flink's jars and the model runtime's without duplicate classes.
 *
 * <pre>{@code
 * List<String> cmd = JvmCommand.builder("kafka.Kafka")
 *         .classpath(layout.kafkaJars())
 *         .jvmOption("-Xmx512m")
 *         .arg(layout.kafkaConfig().toString())
 *         .build();
 * }</pre>
 */
final class JvmCommand {

    /**
     * The --add-opens/--add-exports list Flink's distribution puts in env.java.opts.all for Java 17,
     * from the java argument file that {@code ./detector}, the test forks and the tools image share.
     */
    static final List<String> FLINK_JAVA17_OPENS = readArgumentFile("/java17-opens.args");

    /**
     * For the JVMs that only coordinate (Kafka, Flink's JobManager): C1 only and the serial collector
     * start about twice as fast on 2 shared cores and cost nothing at this load. Not for the TaskManager,
     * whose image code needs C2.
     */
    static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private JvmCommand() {}

    /** The options of a java {@code @argument} file on the classpath: one a line, blank lines skipped. */
    static List<String> readArgumentFile(String resource) {
        try (InputStream in = JvmCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the local-runtime jar: rebuild it with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static Builder builder(String mainClass) {
        return new Builder(mainClass);
    }

    /** The {@code java} of the running JVM, so the stack runs on the same Java 17 as the CLI. */
    static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static final class Builder {
        private final String mainClass;
        private final List<Path> classpathDirs = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> args = new ArrayList<>();

        private Builder(String mainClass) {
            this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
        }

        /** Adds every {@code *.jar} in {@code dir}; {@link #build()} fails if the folder has none. */
        Builder classpath(Path dir) {
            classpathDirs.add(Objects.requireNonNull(dir, "dir"));
            return this;
        }

        Builder jvmOption(String option) {
            jvmOptions.add(Objects.requireNonNull(option, "option"));
            return this;
        }

        Builder jvmOptions(List<String> options) {
            options.forEach(this::jvmOption);
            return this;
        }

        Builder arg(String arg) {
            args.add(Objects.requireNonNull(arg, "arg"));
            return this;
        }

        Builder args(List<String> values) {
            values.forEach(this::arg);
            return this;
        }

        List<String> build() {
            if (classpathDirs.isEmpty()) {
                throw new IllegalStateException("no classpath for " + mainClass + ": add at least one jar folder");
            }
            List<String> command = new ArrayList<>();
            command.add(javaBinary().toString());
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(String.join(java.io.File.pathSeparator, jars().values().stream().map(Path::toString).toList()));
            command.add(mainClass);
            command.addAll(args);
            return command;
        }

        private Map<String, Path> jars() {
            Map<String, Path> byName = new LinkedHashMap<>();
            for (Path dir : classpathDirs) {
                List<Path> found = listJars(dir);
                if (found.isEmpty()) {
                    throw new StackException("no jars in " + dir + " (needed by " + mainClass
                            + "): stage them with `mvn -pl local-runtime -am package` (or pass --jars)");
                }
                found.forEach(jar -> byName.putIfAbsent(jar.getFileName().toString(), jar));
            }
            return byName;
        }

        private static List<Path> listJars(Path dir) {
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
    }
}
