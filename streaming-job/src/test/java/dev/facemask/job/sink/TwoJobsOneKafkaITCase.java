package dev.facemask.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.job.DetectionJob;
import dev.facemask.job.options.JobOptions;
import dev.facemask.job.options.StartingOffsets;
import dev.facemask.job.source.KafkaFrameSource;
import dev.facemask.job.testing.FakeModelProvider;
import dev.facemask.job.testing.JobRun;
import dev.facemask.job.testing.MiniClusterWithKafka;
import dev.facemask.job.testing.TestFrames;
import dev.facemask.job.testing.TestImages;
import dev.facemask.schema.Detection;
import dev.facemask.schema.ImageEncoding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two detection jobs with default options, writing to different topics of one Kafka cluster. With a
 * constant transactional id prefix, the second job's start aborts (fences) the first one's open
 * transactions and the first job restarts; with the derived prefix both run untouched.
 */
class TwoJobsOneKafkaITCase {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    /** Restarts allowed, so that a fenced job shows up as a restart count rather than only a failure. */
    @RegisterExtension
    static final MiniClusterWithKafka CLUSTER =
            new MiniClusterWithKafka(METRICS.addToConfiguration(fewQuickRestarts()));

    @Test
    void shouldRunTwoJobsWithDefaultOptionsOnOneKafkaWithoutFencingEachOther() throws Exception {
        JobOptions first = defaultOptionsOnFreshTopics();
        JobOptions second = defaultOptionsOnFreshTopics();

        CLUSTER.kafka().produce(first.framesTopic(), frames("a", 0, 20));
        try (JobRun a = start(first)) {
            // Committed output: the first job has finished checkpoints and holds an open transaction.
            assertThat(a.detections(20, WAIT)).hasSize(20);
            CLUSTER.kafka().produce(second.framesTopic(), frames("b", 0, 20));
            try (JobRun b = start(second)) {
                assertThat(b.detections(20, WAIT)).hasSize(20);
                CLUSTER.kafka().produce(first.framesTopic(), frames("a", 20, 40));
                CLUSTER.kafka().produce(second.framesTopic(), frames("b", 20, 40));

                List<Detection> fromA = a.detections(40, WAIT);
                List<Detection> fromB = b.detections(40, WAIT);
                assertThat(fromA).hasSize(40).allSatisfy(d -> assertThat(d.getCameraId()).startsWith("a-"));
                assertThat(fromB).hasSize(40).allSatisfy(d -> assertThat(d.getCameraId()).startsWith("b-"));
                assertThat(fromA.stream().map(d -> d.getCameraId() + "#" + d.getSequence()).distinct()).hasSize(40);
                assertThat(fromB.stream().map(d -> d.getCameraId() + "#" + d.getSequence()).distinct()).hasSize(40);
                assertThat(a.deadLetters(0, Duration.ZERO)).isEmpty();
                assertThat(b.deadLetters(0, Duration.ZERO)).isEmpty();
                assertThat(restarts(a.jobId())).as("restarts of the first job").isZero();
                assertThat(restarts(b.jobId())).as("restarts of the second job").isZero();
                assertThat(a.status()).isEqualTo(JobStatus.RUNNING);
                assertThat(b.status()).isEqualTo(JobStatus.RUNNING);
                assertThat(first.transactionalIdPrefix()).isNotEqualTo(second.transactionalIdPrefix());
            }
        }
    }

    /**
     * The builder's defaults, except what a test on a shared broker must change: fresh topics, a
     * short checkpoint interval, reading from the start. Group id and transactional id prefix are
     * left at their defaults.
     */
    private static JobOptions defaultOptionsOnFreshTopics() throws Exception {
        return JobOptions.builder()
                .bootstrapServers(CLUSTER.kafka().bootstrapServers())
                .framesTopic(CLUSTER.kafka().createTopic("frames", 1))
                .detectionsTopic(CLUSTER.kafka().createTopic("detections", 1))
                .deadLetterTopic(CLUSTER.kafka().createTopic("dead-letters", 1))
                .startingOffsets(StartingOffsets.EARLIEST)
                .modelDir(Path.of("fake-model"))
                .checkpointInterval(Duration.ofMillis(300))
                .build();
    }

    private static JobRun start(JobOptions options) throws Exception {
        DetectionJob job = new DetectionJob(options, new FakeModelProvider(), KafkaFrameSource.create(options),
                KafkaSinks.detections(options), KafkaSinks.deadLetters(options));
        return JobRun.start(CLUSTER.kafka(), options, job);
    }

    /** Frames {@code from..to-1} of cameras {@code <prefix>-0} and {@code <prefix>-1}. */
    private static List<Map.Entry<String, byte[]>> frames(String prefix, int from, int to) {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(TestFrames.record(TestFrames.frame(prefix + "-" + (i % 2), i,
                    TestImages.jpeg(32, 32, 40 + i), ImageEncoding.JPEG)));
        }
        return out;
    }

    /** The job's {@code numRestarts} gauge, as the JobManager reports it. */
    private static long restarts(JobID job) {
        return METRICS.findMetrics(job, "numRestarts").values().stream()
                .filter(Gauge.class::isInstance)
                .mapToLong(m -> ((Number) ((Gauge<?>) m).getValue()).longValue())
                .max().orElseThrow(() -> new AssertionError("No numRestarts metric for job " + job));
    }

    private static Configuration fewQuickRestarts() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        return conf;
    }
}
