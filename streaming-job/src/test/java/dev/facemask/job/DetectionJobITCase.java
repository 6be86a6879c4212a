package dev.facemask.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.inference.InvalidModelException;
import dev.facemask.job.decode.ImageLimits;
import dev.facemask.job.inference.GradCamPolicy;
import dev.facemask.job.inference.SharedModelProvider;
import dev.facemask.job.metrics.MetricNames;
import dev.facemask.job.options.JobOptions;
import dev.facemask.job.sink.KafkaSinks;
import dev.facemask.job.source.KafkaFrameSource;
import dev.facemask.job.testing.HostileRecords;
import dev.facemask.job.testing.JobRun;
import dev.facemask.job.testing.MiniClusterWithKafka;
import dev.facemask.job.testing.TestFrames;
import dev.facemask.job.testing.TestImages;
import dev.facemask.job.testing.TinyModelFixture;
import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.ErrorKind;
import dev.facemask.schema.Frame;
import dev.facemask.schema.ImageEncoding;
import dev.facemask.trainer.evaluate.LabeledSample;
import dev.facemask.vision.dataset.Split;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.testkit.Figures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a 2-slot mini-cluster against a real in-process KRaft broker, running the real
 * TensorFlow model of {@link TinyModelFixture} on the synthetic dataset's JPEGs: exact counts,
 * dead letters and their metrics (bad images, and records of other schemas or random bytes among
 * good frames), the Grad-CAM policy, and fail-fast on a missing or broken model.
 */
class DetectionJobITCase {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Keeps the metrics of finished jobs, so counters can be read after the run. */
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterWithKafka CLUSTER =
            new MiniClusterWithKafka(METRICS.addToConfiguration(MiniClusterWithKafka.noRestarts()));

    @Test
    void shouldEmitExactlyOneDetectionPerFrameFromTheRealModel() throws Exception {
        ModelMetadata model = TinyModelFixture.get().metadata();
        JobOptions options = JobRun.freshOptions(CLUSTER.kafka()).build();
        List<LabeledSample> samples = TinyModelFixture.get().samples(Split.TRAIN).subList(0, 24);
        CLUSTER.kafka().produce(options.framesTopic(), TestFrames.jpegFiles(samples, 0, 3));
        try (JobRun run = JobRun.start(CLUSTER.kafka(), options)) {
            List<Detection> detections = run.detections(samples.size(), WAIT);
            assertThat(detections).extracting(Detection::getSequence)
                    .containsExactlyInAnyOrder(LongStream.range(0, samples.size()).boxed().toArray(Long[]::new));
            assertThat(detections).allSatisfy(d -> {
                assertThat(d.getModelName()).isEqualTo(model.name());
                assertThat(d.getModelVersion()).isEqualTo(model.version());
                assertThat(d.getClassLabel()).isEqualTo(model.classLabel(d.getClassId()));
                assertThat(d.getClassScores().keySet()).containsExactlyInAnyOrderElementsOf(model.classes());
                assertThat(d.getClassScores().values().stream().mapToDouble(Float::doubleValue).sum())
                        .isCloseTo(1.0, within(1e-5));
                assertThat(d.getScore()).isEqualTo(d.getClassScores().get(d.getClassLabel()));
                assertThat(d.getBox().getXMin()).isBetween(0f, d.getBox().getXMax());
                assertThat(d.getBox().getYMin()).isBetween(0f, d.getBox().getYMax());
                assertThat(d.getBox().getXMax()).isLessThanOrEqualTo(1f);
                assertThat(d.getBox().getYMax()).isLessThanOrEqualTo(1f);
                assertThat(d.getBatchSize()).isBetween(1, options.batchSize());
                assertThat(d.getGradCam()).isNull();
            });
            assertThat(run.deadLetters(0, Duration.ZERO)).isEmpty();
            assertThat(CLUSTER.kafka().keys(options.detectionsTopic())).containsExactly("cam-0", "cam-1", "cam-2");
        }
    }

    @Test
    void shouldDeadLetterEveryBadFrameWithItsKindCountItAndKeepTheRest() throws Exception {
        List<LabeledSample> good = TinyModelFixture.get().samples(Split.TEST).subList(0, 2);
        int maxBytes = (int) Math.max(Files.size(good.get(0).image()), Files.size(good.get(1).image())) + 1_000;
        JobOptions options = JobRun.freshOptions(CLUSTER.kafka()).imageLimits(new ImageLimits(maxBytes, 1_000_000)).build();
        byte[] corruptJpeg = TestImages.randomBytes(3, 600);
        corruptJpeg[0] = (byte) 0xFF;
        corruptJpeg[1] = (byte) 0xD8;
        corruptJpeg[2] = (byte) 0xFF;
        byte[] oversized = new byte[maxBytes + 1];
        byte[] jpeg = Files.readAllBytes(good.get(0).image());
        System.arraycopy(jpeg, 0, oversized, 0, jpeg.length);
        List<Map.Entry<String, byte[]>> records = new ArrayList<>(List.of(
                TestFrames.jpegFile("cam-a", 0, good.get(0).image()),
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
                TestFrames.jpegFile("cam-b", 7, good.get(1).image())));
        CLUSTER.kafka().produce(options.framesTopic(), records);
        Map<ErrorKind, Long> expected = Map.of(ErrorKind.CORRUPT_IMAGE, 2L, ErrorKind.EMPTY_IMAGE, 1L,
                ErrorKind.TOO_LARGE, 2L, ErrorKind.UNKNOWN_FORMAT, 1L, ErrorKind.MALFORMED_RECORD, 2L);
        try (JobRun run = JobRun.start(CLUSTER.kafka(), options)) {
            List<DeadLetter> deadLetters = run.deadLetters(8, WAIT);
            List<Detection> detections = run.detections(2, WAIT);
            assertThat(detections).extracting(Detection::getSequence).containsExactlyInAnyOrder(0L, 7L);
            Map<ErrorKind, Long> byKind = deadLetters.stream()
                    .collect(Collectors.groupingBy(DeadLetter::getKind, Collectors.counting()));
            assertThat(byKind).containsExactlyInAnyOrderEntriesOf(expected);
            assertThat(detections.size() + deadLetters.size()).isEqualTo(records.size());
            DeadLetter random = deadLetters.stream()
                    .filter(d -> d.getKind() == ErrorKind.MALFORMED_RECORD && d.getPayload().remaining() == 300)
                    .findFirst().orElseThrow();
            assertThat(random.getStage()).isEqualTo("source");
            assertThat(random.getCameraId()).as("the Kafka key of an unreadable record").isEqualTo("cam-x");
            assertThat(deadLetters).filteredOn(d -> d.getKind() != ErrorKind.MALFORMED_RECORD)
                    .allSatisfy(d -> {
                        assertThat(d.getStage()).isEqualTo("decode");
                        assertThat(d.getCameraId()).isEqualTo("cam-a");
                    });
            // Every kind has a counter, zero for the kinds that did not occur.
            Map<ErrorKind, Long> counted = deadLetterCounters(run.jobId());
            assertThat(counted).containsOnlyKeys(ErrorKind.values());
            counted.values().removeIf(count -> count == 0);
            assertThat(counted).containsExactlyInAnyOrderEntriesOf(expected);
        }
    }

    @Test
    void shouldDeadLetterRecordsOfOtherSchemasOrWithoutTheHeaderAndKeepRunning() throws Exception {
        JobOptions options = JobRun.freshOptions(CLUSTER.kafka()).build();
        List<LabeledSample> samples = TinyModelFixture.get().samples(Split.VAL).subList(0, 8);
        Frame template = TestFrames.frame("cam-h", 99, Files.readAllBytes(samples.get(0).image()), ImageEncoding.JPEG);
        Map<String, byte[]> hostile = HostileRecords.from(template, 5);
        List<Map.Entry<String, byte[]>> first = new ArrayList<>(TestFrames.jpegFiles(samples.subList(0, 4), 0, 2));
        hostile.values().forEach(value -> first.add(Map.entry("cam-h", value)));
        CLUSTER.kafka().produce(options.framesTopic(), first);
        try (JobRun run = JobRun.start(CLUSTER.kafka(), options)) {
            List<DeadLetter> deadLetters = run.deadLetters(hostile.size(), WAIT);
            assertThat(run.detections(4, WAIT)).hasSize(4);
            // Still running after the bad records: frames produced now are detected too.
            CLUSTER.kafka().produce(options.framesTopic(), TestFrames.jpegFiles(samples.subList(4, 8), 4, 2));
            List<Detection> detections = run.detections(8, WAIT);

            JobStatus status = run.status();
            Figures.report("malformed records: %d hostile values among 8 good frames -> %d dead letters %s,"
                            + " %d detections; job %s afterwards", hostile.size(), deadLetters.size(),
                    deadLetters.stream().collect(Collectors.groupingBy(DeadLetter::getKind, Collectors.counting())),
                    detections.size(), status);
            assertThat(status).isEqualTo(JobStatus.RUNNING);
            assertThat(detections).extracting(Detection::getSequence)
                    .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(deadLetters).hasSize(hostile.size()).allSatisfy(d -> {
                assertThat(d.getKind()).isEqualTo(ErrorKind.MALFORMED_RECORD);
                assertThat(d.getStage()).isEqualTo("source");
                assertThat(d.getCameraId()).as("the Kafka key of an unreadable record").isEqualTo("cam-h");
                assertThat(d.getMessage()).startsWith("Not an Avro single-object record: ");
            });
            assertThat(deadLetters).extracting(d -> HexFormat.of().formatHex(bytesOf(d.getPayload())))
                    .as("each dead letter keeps its whole value")
                    .containsExactlyInAnyOrderElementsOf(hostile.values().stream().map(HexFormat.of()::formatHex).toList());
            assertThat(detections.size() + deadLetters.size()).isEqualTo(8 + hostile.size());
            assertThat(CLUSTER.kafka().keys(options.deadLetterTopic())).as("dead letters keep the records' key").containsExactly("cam-h");
        }
    }

    @Test
    void shouldAttachGradCamExactlyToTheFramesThePolicySelects() throws Exception {
        GradCamPolicy policy = GradCamPolicy.parse("sample:0.3");
        JobOptions options = JobRun.freshOptions(CLUSTER.kafka()).gradCam(policy).build();
        List<LabeledSample> samples = TinyModelFixture.get().samples(Split.TRAIN).subList(24, 54);
        int n = samples.size();
        long expected = IntStream.range(0, n).filter(i -> policy.selects("cam-" + (i % 2), i, null, Float.NaN)).count();
        CLUSTER.kafka().produce(options.framesTopic(), TestFrames.jpegFiles(samples, 0, 2));
        int cells = TinyModelFixture.get().metadata().heatmapSize() * TinyModelFixture.get().metadata().heatmapSize();
        try (JobRun run = JobRun.start(CLUSTER.kafka(), options)) {
            List<Detection> detections = run.detections(n, WAIT);
            assertThat(detections).hasSize(n);
            assertThat(expected).isBetween(1L, (long) n - 1);
            assertThat(detections.stream().filter(d -> d.getGradCam() != null).count()).isEqualTo(expected);
            assertThat(detections).filteredOn(d -> d.getGradCam() != null).allSatisfy(d -> {
                assertThat(d.getGradCam().getValues()).hasSize(cells);
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
            JobOptions options = JobOptions.builder().bootstrapServers(CLUSTER.kafka().bootstrapServers()).modelDir(model).build();
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

    @Test
    void shouldFailTheJobFastNamingTheFolderWhenTheModelBreaksBeforeTheOperatorsOpen(@TempDir Path dir)
            throws Exception {
        Path model = copyOf(TinyModelFixture.get().modelDir(), dir.resolve("model"));
        JobOptions options = JobRun.freshOptions(CLUSTER.kafka()).modelDir(model).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DetectionJob.fromOptions(options).build(env); // model.json is valid: the client-side check passes
        Files.writeString(model.resolve("saved_model.pb"), "not a protocol buffer");

        long start = System.nanoTime();
        var client = env.executeAsync(DetectionJob.JOB_NAME);
        Throwable failure = JobRun.failureOf(client, WAIT);
        double seconds = (System.nanoTime() - start) / 1e9;

        System.out.printf("Job with a corrupt saved_model.pb failed after %.1f s%n", seconds);
        assertThat(seconds).isLessThan(20);
        assertThat(ExceptionUtils.findThrowable(failure, InvalidModelException.class))
                .as("an InvalidModelException in the cause chain of %s", failure).get(InstanceOfAssertFactories.THROWABLE)
                .hasMessageStartingWith("TensorFlow could not load the SavedModel in " + model.toRealPath() + ": ");
    }

    private static byte[] bytesOf(java.nio.ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static Path copyOf(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Files.copy(source, to.resolve(from.relativize(source).toString()));
            }
        }
        return to;
    }

    /** Sums each {@code kind.<KIND>.deadLetters} counter over the job's operator instances. */
    private static Map<ErrorKind, Long> deadLetterCounters(JobID job) {
        Map<ErrorKind, Long> sums = new EnumMap<>(ErrorKind.class);
        String suffix = "." + MetricNames.DEAD_LETTERS;
        String kindGroup = "." + MetricNames.KIND_KEY + ".";
        METRICS.findMetrics(job, suffix).forEach((identifier, metric) -> {
            if (metric instanceof Counter counter && identifier.endsWith(suffix)) {
                String path = identifier.substring(0, identifier.length() - suffix.length());
                ErrorKind kind = ErrorKind.valueOf(path.substring(path.lastIndexOf(kindGroup) + kindGroup.length()));
                sums.merge(kind, counter.getCount(), Long::sum);
            }
        });
        return sums;
    }
}
