package dev.facemask.runtime.stack;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where each file of the local stack lives. Everything the stack writes stays under {@link #root()}:
 *
 * <pre>
 * .stack/
 *   stack.properties          the options of the last `up` (ports), read by status and down
 *   run/&lt;process&gt;.pid        one pid per JVM the stack started
 *   logs/&lt;process&gt;.log|.out  log4j file and stdout/stderr of each JVM
 *   kafka/server.properties, kafka/data/   the KRaft broker (data survives down/up)
 *   flink/conf/config.yaml, flink/conf/log4j2.properties, flink/tmp/, flink/web-upload/
 * </pre>
 *
 * @param root the stack folder
 * @param jarsDir the staged jar sets: {@code kafka/}, {@code flink/}, {@code model-runtime/}
 */
public record StackLayout(Path root, Path jarsDir) {

    /** The stack listens on loopback only. */
    public static final String HOST = "127.0.0.1";

    public Path optionsFile() { return root.resolve("stack.properties"); }
    public Path runDir() { return root.resolve("run"); }
    public Path logsDir() { return root.resolve("logs"); }
    public Path pidFile(StackJvm process) { return runDir().resolve(process.id() + ".pid"); }
    public Path logFile(StackJvm process) { return logsDir().resolve(process.id() + ".log"); }
    public Path outFile(StackJvm process) { return logsDir().resolve(process.id() + ".out"); }

    public Path kafkaDir() { return root.resolve("kafka"); }
    public Path kafkaConfig() { return kafkaDir().resolve("server.properties"); }
    public Path kafkaDataDir() { return kafkaDir().resolve("data"); }

    public Path flinkDir() { return root.resolve("flink"); }
    public Path flinkConfDir() { return flinkDir().resolve("conf"); }
    public Path log4jConfig() { return root.resolve("log4j2.properties"); }

    public Path kafkaJars() { return jarsDir.resolve("kafka"); }
    public Path flinkJars() { return jarsDir.resolve("flink"); }
    public Path modelRuntimeJars() { return jarsDir.resolve("model-runtime"); }

    /**
     * The jar sets staged by this module's build: {@code local-runtime/target/stack} when this class runs
     * from {@code local-runtime/target/classes} (tests, IDE); else, as when the launcher runs it from
     * {@code cli/target/lib/}, {@code $detector.home/local-runtime/target/stack}.
     */
    public static Path defaultJarsDir() {
        try {
            Path codeSource = Path.of(StackLayout.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = codeSource.getParent();
            if (target != null && Files.isDirectory(target.resolve("stack"))) {
                return target.resolve("stack");
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the repository layout
        }
        return Path.of(System.getProperty("detector.home", ".")).resolve("local-runtime/target/stack");
    }

    /** {@code $detector.home/.stack} (the launcher sets detector.home to the repository root), else {@code ./.stack}. */
    public static Path defaultStackDir() {
        return Path.of(System.getProperty("detector.home", ".")).resolve(".stack");
    }
}
