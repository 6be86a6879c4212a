package dev.facemask.job.testing;

import dev.facemask.job.DetectionJob;
import dev.facemask.job.options.JobOptions;
import dev.facemask.job.options.StartingOffsets;
import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.codec.AvroWire;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** One run of the detection job on the test's mini-cluster against fresh topics of the test broker. */
public final class JobRun implements AutoCloseable {

    private static final AvroWire<Detection> DETECTIONS = AvroWire.of(Detection.getClassSchema());
    private static final AvroWire<DeadLetter> DEAD_LETTERS = AvroWire.of(DeadLetter.getClassSchema());

    private final KafkaTestCluster kafka;
    private final JobOptions options;
    private JobClient client;

    private JobRun(KafkaTestCluster kafka, JobOptions options) {
        this.kafka = kafka;
        this.options = options;
    }

    /**
     * Options for fresh topics (frames with 2 partitions), checkpoints every 300 ms and the tiny
     * model of {@link TinyModelFixture} (trained on first use).
     */
    public static JobOptions.Builder freshOptions(KafkaTestCluster kafka) throws Exception {
        String frames = kafka.createTopic("frames", 2);
        return JobOptions.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .framesTopic(frames)
                .detectionsTopic(kafka.createTopic("detections", 2))
                .deadLetterTopic(kafka.createTopic("dead-letters", 1))
                .groupId("group-" + frames)
                .transactionalIdPrefix("tx-" + frames)
                .startingOffsets(StartingOffsets.EARLIEST)
                .modelDir(TinyModelFixture.get().modelDir())
                .checkpointInterval(Duration.ofMillis(300))
                .parallelism(2);
    }

    /** Starts the job as {@code main} would wire it: Kafka source and sinks, the model folder in the options. */
    public static JobRun start(KafkaTestCluster kafka, JobOptions options) throws Exception {
        return start(kafka, options, DetectionJob.fromOptions(options));
    }

    public static JobRun start(KafkaTestCluster kafka, JobOptions options, DetectionJob job) throws Exception {
        JobRun run = new JobRun(kafka, options);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        job.build(env);
        run.client = env.executeAsync(DetectionJob.JOB_NAME);
        return run;
    }

    public List<Detection> detections(int expected, Duration timeout) {
        return kafka.readCommitted(options.detectionsTopic(), expected, timeout, Duration.ofSeconds(1)).stream()
                .map(DETECTIONS::decode).toList();
    }

    public List<DeadLetter> deadLetters(int expected, Duration timeout) {
        return kafka.readCommitted(options.deadLetterTopic(), expected, timeout, Duration.ofSeconds(1)).stream()
                .map(DEAD_LETTERS::decode).toList();
    }

    public JobOptions options() {
        return options;
    }

    public JobID jobId() {
        return client.getJobID();
    }

    /** The job's status now, as the mini-cluster reports it. */
    public JobStatus status() throws Exception {
        return client.getJobStatus().get(10, TimeUnit.SECONDS);
    }

    /** Waits for this run's job to end and returns why it failed; see {@link #failureOf}. */
    public Throwable failure(Duration timeout) throws InterruptedException {
        return failureOf(client, timeout);
    }

    /**
     * Waits for a job to end and returns why it failed; cancels it if it is still running after
     * {@code timeout}.
     *
     * @throws AssertionError when it ended without failing or did not end in time
     */
    public static Throwable failureOf(JobClient job, Duration timeout) throws InterruptedException {
        try {
            job.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            job.cancel();
            throw new AssertionError("Job " + job.getJobID() + " still running after " + timeout, e);
        }
        throw new AssertionError("Job " + job.getJobID() + " finished without failing");
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            try {
                client.cancel().get();
            } catch (Exception e) {
                // The job may already have failed; the test's assertions say so.
            }
        }
    }
}
