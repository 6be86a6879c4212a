package dev.facemask.cli.embedded;

import dev.facemask.job.DetectionJob;
import dev.facemask.job.options.JobOptions;
import java.time.Duration;
import org.apache.flink.api.common.JobStatus;
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

    private EmbeddedJob(JobClient client) {
        this.client = client;
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
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(options.parallelism(), conf);
        DetectionJob.fromOptions(options).build(env);
        return new EmbeddedJob(env.executeAsync(DetectionJob.JOB_NAME));
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
        if (!status().isGloballyTerminalState()) {
            client.cancel().get();
        }
    }
}
