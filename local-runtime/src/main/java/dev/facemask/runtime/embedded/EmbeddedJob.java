package dev.facemask.runtime.embedded;

import dev.facemask.job.DetectionJob;
import dev.facemask.job.options.JobOptions;
import java.time.Duration;
import org.apache.flink.api.common.JobStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The detection job on a Flink mini-cluster inside this JVM. The model is loaded once here, as it
 * would be once per TaskManager.
 */
public final class EmbeddedJob implements AutoCloseable {

    private final JobClient client;
    private final Path checkpoints;

    private EmbeddedJob(JobClient client, Path checkpoints) {
        this.client = client;
        this.checkpoints = checkpoints;
    }

    /**
     * Validates the options and the model folder, then submits without waiting for the end.
     *
     * @throws IllegalArgumentException or {@link dev.facemask.inference.InvalidModelException} before anything starts
     */
    public static EmbeddedJob start(JobOptions options) throws Exception {
        Configuration conf = new Configuration();
        // A demo should fail visibly rather than restart in a loop; the recovery tests set their own strategy.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        // In-flight frames are checkpointed as model inputs (~22 MB for a batch of seed-size frames):
        // too big for the 5 MB JobManager memory storage, so checkpoints go to a temporary folder.
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        Path checkpoints = Files.createTempDirectory("facemask-checkpoints");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(options.parallelism(), conf);
        DetectionJob.fromOptions(options).build(env);
        return new EmbeddedJob(env.executeAsync(DetectionJob.JOB_NAME), checkpoints);
    }

    public JobStatus status() throws Exception {
        return client.getJobStatus().get();
    }

    /**
     * Waits until the job is RUNNING.
     *
     * @throws IllegalStateException with the job's failure when it ends first
     */
    public void awaitRunning(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JobStatus s = status();
            if (s == JobStatus.RUNNING) {
                return;
            }
            if (s.isGloballyTerminalState()) {
                throw new IllegalStateException("The detection job ended " + s + ": " + failureCause());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("The detection job did not reach RUNNING within " + timeout.toSeconds() + " s");
    }

    /** Throws the job's failure if it has ended. */
    public void checkAlive() throws Exception {
        JobStatus s = status();
        if (s.isGloballyTerminalState()) {
            throw new IllegalStateException("The detection job ended " + s + ": " + failureCause());
        }
    }

    private String failureCause() {
        try {
            client.getJobExecutionResult().get();
            return "no error reported";
        } catch (Exception e) {
            Throwable t = e;
            while (t.getCause() != null) {
                t = t.getCause();
            }
            return t.getMessage();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (!status().isGloballyTerminalState()) {
                client.cancel().get();
            }
        } finally {
            deleteRecursively(checkpoints);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
