package dev.facemask.cli.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to run on a Flink session cluster: the job jar, its entry class and the job's own arguments.
 *
 * <pre>{@code
 * DeployRequest request = DeployRequest.builder()
 *         .jar(Path.of("streaming-job/target/facemask-job.jar"))
 *         .programArgs(List.of("--bootstrap-servers", "127.0.0.1:9092", "--model", "/models/tiny"))
 *         .build();
 * }</pre>
 *
 * @param jar the shaded job jar
 * @param entryClass the class whose {@code main} Flink calls
 * @param programArgs the job's command line, passed as {@code programArgsList} (no re-splitting of spaces)
 * @param savepoint a savepoint to start from (as {@code job stop --savepoint} wrote it), or null
 */
public record DeployRequest(Path jar, String entryClass, List<String> programArgs, String savepoint) {

    /** The streaming job's main class. */
    public static final String DEFAULT_ENTRY_CLASS = "dev.facemask.job.DetectionJob";

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: entry class {@link #DEFAULT_ENTRY_CLASS}, no arguments; the jar is required. */
    public static final class Builder {
        private Path jar;
        private String entryClass = DEFAULT_ENTRY_CLASS;
        private final List<String> programArgs = new ArrayList<>();
        private String savepoint;

        public Builder jar(Path jar) { this.jar = Objects.requireNonNull(jar, "jar"); return this; }
        public Builder entryClass(String entryClass) { this.entryClass = Objects.requireNonNull(entryClass, "entryClass"); return this; }
        public Builder programArgs(List<String> args) {
            Objects.requireNonNull(args, "programArgs").forEach(a -> programArgs.add(Objects.requireNonNull(a, "program argument")));
            return this;
        }

        /** A savepoint to start from; null (the default) for a fresh start. */
        public Builder savepoint(String savepoint) { this.savepoint = savepoint; return this; }

        /** @throws IllegalArgumentException if the jar is missing, with the command that builds it */
        public DeployRequest build() {
            if (jar == null) {
                throw new IllegalArgumentException("no job jar given: pass --jar or build it with `mvn -pl streaming-job package`");
            }
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("job jar " + jar + " not found: build it with `mvn -pl streaming-job package`");
            }
            if (entryClass.isBlank()) {
                throw new IllegalArgumentException("entry class is blank: give a class name such as " + DEFAULT_ENTRY_CLASS);
            }
            return new DeployRequest(jar, entryClass, List.copyOf(programArgs), savepoint);
        }
    }
}
