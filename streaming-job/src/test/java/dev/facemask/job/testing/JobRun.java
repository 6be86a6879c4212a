package dev.facemask.job.testing;

import dev.facemask.job.DetectionJob;
import dev.facemask.job.inference.PredictorProvider;
import dev.facemask.job.options.JobOptions;
import dev.facemask.job.options.StartingOffsets;
import dev.facemask.job.sink.KafkaSinks;
import dev.facemask.job.source.KafkaFrameSource;
import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.codec.AvroWire;
import java.time.Duration;
import java.util.List;
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

    /** Options for fresh topics (frames with 2 partitions) and checkpoints every 300 ms. */
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
                .modelDir(java.nio.file.Path.of("unused-by-the-test-provider"))
                .checkpointInterval(Duration.ofMillis(300))
                .parallelism(2);
    }

    public static JobRun start(KafkaTestCluster kafka, JobOptions options, PredictorProvider model) throws Exception {
        return start(kafka, options, new DetectionJob(options, model, KafkaFrameSource.create(options),
                KafkaSinks.detections(options), KafkaSinks.deadLetters(options)));
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
