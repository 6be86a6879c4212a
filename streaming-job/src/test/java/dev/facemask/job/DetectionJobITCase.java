package dev.facemask.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.inference.InvalidModelException;
import dev.facemask.job.decode.ImageLimits;
import dev.facemask.job.inference.GradCamPolicy;
import dev.facemask.job.inference.SharedModelProvider;
import dev.facemask.job.options.JobOptions;
import dev.facemask.job.sink.KafkaSinks;
import dev.facemask.job.source.KafkaFrameSource;
import dev.facemask.job.testing.FakeModelProvider;
import dev.facemask.job.testing.JobRun;
import dev.facemask.job.testing.KafkaTestCluster;
import dev.facemask.job.testing.TestFrames;
import dev.facemask.job.testing.TestImages;
import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.ErrorKind;
import dev.facemask.schema.ImageEncoding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a 2-slot mini-cluster against a real in-process KRaft broker. The model is
 * {@link FakeModelProvider}'s deterministic stand-in: these tests are about plumbing and counts.
 */
class DetectionJobITCase {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(noRestarts()).build());

    private static KafkaTestCluster kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaTestCluster.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void shouldEmitExactlyOneDetectionPerFrame() throws Exception {
        JobOptions options = JobRun.freshOptions(kafka).build();
        int n = 24;
        List<Map.Entry<String, byte[]>> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            frames.add(TestFrames.goodJpeg("cam-" + (i % 3), i));
        }
        kafka.produce(options.framesTopic(), frames);
        try (JobRun run = JobRun.start(kafka, options, new FakeModelProvider())) {
            List<Detection> detections = run.detections(n, WAIT);
            assertThat(detections).hasSize(n);
            assertThat(detections).extracting(Detection::getSequence).containsExactlyInAnyOrder(
                    java.util.stream.LongStream.range(0, n).boxed().toArray(Long[]::new));
            assertThat(detections).allSatisfy(d -> {
                assertThat(d.getModelName()).isEqualTo("fake");
                assertThat(d.getClassLabel()).isIn("mask", "no_mask");
                assertThat(d.getBoxPixels().getXMax()).isEqualTo(60f); // 0.75 of an 80-pixel-wide frame
                assertThat(d.getGradCam()).isNull();
            });
            assertThat(run.deadLetters(0, Duration.ZERO)).isEmpty();
            assertThat(kafka.keys(options.detectionsTopic())).containsExactly("cam-0", "cam-1", "cam-2");
        }
    }

    @Test
    void shouldDeadLetterEveryBadFrameWithItsKindAndKeepTheRest() throws Exception {
        JobOptions options = JobRun.freshOptions(kafka).imageLimits(new ImageLimits(20_000, 1_000_000)).build();
        byte[] jpeg = TestImages.jpeg(80, 60, 150);
        byte[] corruptJpeg = TestImages.randomBytes(3, 600);
        corruptJpeg[0] = (byte) 0xFF;
        corruptJpeg[1] = (byte) 0xD8;
        corruptJpeg[2] = (byte) 0xFF;
        byte[] oversized = new byte[20_001];
        System.arraycopy(jpeg, 0, oversized, 0, jpeg.length);
        List<Map.Entry<String, byte[]>> records = new ArrayList<>(List.of(
                TestFrames.goodJpeg("cam-a", 0),
                TestFrames.record(TestFrames.frame("cam-a", 1, corruptJpeg, ImageEncoding.JPEG)),
                TestFrames.record(TestFrames.frame("cam-a", 2, TestImages.truncated(TestImages.png(80, 60, 90), 0.5),
                        ImageEncoding.PNG)),
                TestFrames.record(TestFrames.frame("cam-a", 3, new byte[0], ImageEncoding.JPEG)),
                TestFrames.record(TestFrames.frame("cam-a", 4, oversized, ImageEncoding.JPEG)),
                TestFrames.record(TestFrames.frame("cam-a", 5, TestImages.pngClaiming(40_000, 40_000), ImageEncoding.PNG)),
                TestFrames.record(TestFrames.frame("cam-a", 6, "just some text".getBytes(StandardCharsets.UTF_8),
                        ImageEncoding.UNKNOWN)),
                Map.entry("cam-x", TestImages.randomBytes(11, 300)),
                Map.entry("cam-y", new byte[0]),
                TestFrames.goodJpeg("cam-b", 7)));
        kafka.produce(options.framesTopic(), records);
        try (JobRun run = JobRun.start(kafka, options, new FakeModelProvider())) {
            List<DeadLetter> deadLetters = run.deadLetters(8, WAIT);
            List<Detection> detections = run.detections(2, WAIT);
            assertThat(detections).extracting(Detection::getSequence).containsExactlyInAnyOrder(0L, 7L);
            Map<ErrorKind, Long> byKind = deadLetters.stream()
                    .collect(Collectors.groupingBy(DeadLetter::getKind, Collectors.counting()));
            assertThat(byKind).containsExactlyInAnyOrderEntriesOf(Map.of(
                    ErrorKind.CORRUPT_IMAGE, 2L, ErrorKind.EMPTY_IMAGE, 1L, ErrorKind.TOO_LARGE, 2L,
                    ErrorKind.UNKNOWN_FORMAT, 1L, ErrorKind.MALFORMED_RECORD, 2L));
            assertThat(detections.size() + deadLetters.size()).isEqualTo(records.size());
            DeadLetter random = deadLetters.stream()
                    .filter(d -> d.getKind() == ErrorKind.MALFORMED_RECORD && d.getPayload().remaining() == 300)
                    .findFirst().orElseThrow();
            assertThat(random.getStage()).isEqualTo("source");
            assertThat(random.getCameraId()).isNull();
            assertThat(deadLetters).filteredOn(d -> d.getKind() != ErrorKind.MALFORMED_RECORD)
                    .allSatisfy(d -> {
                        assertThat(d.getStage()).isEqualTo("decode");
                        assertThat(d.getCameraId()).isEqualTo("cam-a");
                    });
        }
    }

    @Test
    void shouldAttachGradCamExactlyToTheFramesThePolicySelects() throws Exception {
        GradCamPolicy policy = GradCamPolicy.parse("sample:0.3");
        JobOptions options = JobRun.freshOptions(kafka).gradCam(policy).build();
        int n = 30;
        List<Map.Entry<String, byte[]>> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            frames.add(TestFrames.goodJpeg("cam-" + (i % 2), i));
        }
        long expected = java.util.stream.IntStream.range(0, n)
                .filter(i -> policy.selects("cam-" + (i % 2), i, null, Float.NaN)).count();
        kafka.produce(options.framesTopic(), frames);
        try (JobRun run = JobRun.start(kafka, options, new FakeModelProvider())) {
            List<Detection> detections = run.detections(n, WAIT);
            assertThat(detections).hasSize(n);
            assertThat(expected).isBetween(1L, (long) n - 1);
            assertThat(detections.stream().filter(d -> d.getGradCam() != null).count()).isEqualTo(expected);
            assertThat(detections).filteredOn(d -> d.getGradCam() != null).allSatisfy(d -> {
                assertThat(d.getGradCam().getValues()).hasSize(16);
                assertThat(d.getGradCam().getClassLabel()).isEqualTo(d.getClassLabel());
            });
        }
    }

    @Test
    void shouldFailFastWithAClearMessageWhenTheModelFolderIsMissingOrBroken(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-such-model");
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("model.json"), "{}");
        for (Path model : List.of(missing, broken)) {
            JobOptions options = JobOptions.builder().bootstrapServers(kafka.bootstrapServers()).modelDir(model).build();
            DetectionJob job = new DetectionJob(options, new SharedModelProvider(model),
                    KafkaFrameSource.create(options), KafkaSinks.detections(options), KafkaSinks.deadLetters(options));
            assertThatThrownBy(() -> job.build(StreamExecutionEnvironment.getExecutionEnvironment()))
                    .isInstanceOf(InvalidModelException.class)
                    .hasMessageContaining(model.toAbsolutePath().toString());
        }
        assertThatThrownBy(() -> new SharedModelProvider(missing).metadata())
                .hasMessageStartingWith("Model folder not found: " + missing.toAbsolutePath());
        assertThatThrownBy(() -> new SharedModelProvider(broken).metadata())
                .hasMessage("Not a TensorFlow SavedModel: " + broken.toAbsolutePath() + " has no saved_model.pb");
    }

    private static Configuration noRestarts() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return conf;
    }
}
