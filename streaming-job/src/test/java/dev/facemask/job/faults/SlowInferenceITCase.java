package dev.facemask.job.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.job.DetectionJob;
import dev.facemask.job.inference.SharedModelProvider;
import dev.facemask.job.options.JobOptions;
import dev.facemask.job.sink.KafkaSinks;
import dev.facemask.job.source.KafkaFrameSource;
import dev.facemask.job.testing.JobRun;
import dev.facemask.job.testing.MiniClusterWithKafka;
import dev.facemask.job.testing.TestFrames;
import dev.facemask.job.testing.TinyModelFixture;
import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.ErrorKind;
import dev.facemask.schema.Frame;
import dev.facemask.schema.ImageEncoding;
import dev.facemask.trainer.evaluate.LabeledSample;
import dev.facemask.vision.dataset.Split;
import dev.facemask.vision.testkit.Figures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow inference: the real tiny model, made to take 150 ms per batch of 4 (at most 26.7 frames/s),
 * meets a burst of 400 frames already waiting in Kafka. Backpressure must hold: the async operator
 * never holds more than its capacity, so the backlog stays in Kafka; every frame still ends as
 * exactly one detection, none as a TIMEOUT dead letter; and latency grows along the burst.
 * Prints a {@code FIGURE:} line with the peak heap, the peak queue depth and the latencies.
 */
class SlowInferenceITCase {

    private static final int BURST = 400;
    private static final int WARM_UP = 4;
    private static final int BATCH = 4;
    private static final int BATCHES_IN_FLIGHT = 3;
    private static final int CAPACITY = BATCH * BATCHES_IN_FLIGHT;
    private static final Duration DELAY_PER_BATCH = Duration.ofMillis(150);
    private static final Duration WAIT = Duration.ofSeconds(120);

    private static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterWithKafka CLUSTER =
            new MiniClusterWithKafka(METRICS.addToConfiguration(MiniClusterWithKafka.noRestarts()));

    @Test
    void shouldHoldBackpressureWithoutDroppingAFrameWhenTheModelIsTooSlow() throws Exception {
        JobOptions options = JobRun.freshOptions(CLUSTER.kafka()).parallelism(1)
                .batchSize(BATCH).batchesInFlight(BATCHES_IN_FLIGHT).asyncCapacity(CAPACITY)
                .maxBatchWait(Duration.ofMillis(20))
                // Generous: a frame's async timeout starts when it enters the operator, after the backlog.
                .asyncTimeout(Duration.ofSeconds(60))
                .build();
        DetectionJob job = new DetectionJob(options,
                new SlowPredictorProvider(new SharedModelProvider(TinyModelFixture.get().modelDir()), DELAY_PER_BATCH),
                KafkaFrameSource.create(options), KafkaSinks.detections(options), KafkaSinks.deadLetters(options));
        try (JobRun run = JobRun.start(CLUSTER.kafka(), options, job)) {
            CLUSTER.kafka().produce(options.framesTopic(), frames("warm-up", WARM_UP));
            assertThat(run.detections(WARM_UP, WAIT)).as("warm-up detections").hasSize(WARM_UP);
            long heapBefore = RunSampler.heapUsedBytes();
            List<Detection> detections;
            try (RunSampler sampler = new RunSampler(() -> queueDepth(run.jobId()), 10)) {
                CLUSTER.kafka().produce(options.framesTopic(), frames("burst", BURST));
                detections = run.detections(WARM_UP + BURST, WAIT);
                sampler.close();
                List<DeadLetter> deadLetters = run.deadLetters(0, Duration.ZERO);
                assertNothingDropped(detections, deadLetters);
                assertThat(sampler.peakGauge()).as("queue depth: backpressure holds it at the async capacity")
                        .isBetween(BATCH, CAPACITY);
                report(burstOf(detections), heapBefore, sampler);
            }
        }
    }

    /**
     * Overload with a short timeout: 250 ms per batch of 4 and 500 ms to answer, so frames queued
     * behind two batches always time out. A timed-out frame must leave the batcher (no model pass
     * for a frame Flink has given up on), the batcher's queue must stay within the async capacity,
     * and every frame must still end as exactly one detection or one TIMEOUT dead letter.
     */
    @Test
    void shouldCancelTimedOutFramesInTheBatcherAndKeepItsQueueWithinTheAsyncCapacity() throws Exception {
        int frames = 120;
        JobOptions options = JobRun.freshOptions(CLUSTER.kafka()).parallelism(1)
                .batchSize(BATCH).batchesInFlight(BATCHES_IN_FLIGHT).asyncCapacity(CAPACITY)
                .maxBatchWait(Duration.ofMillis(20)).asyncTimeout(Duration.ofMillis(500))
                .build();
        String counter = options.framesTopic();
        DetectionJob job = new DetectionJob(options,
                new SlowPredictorProvider(new SharedModelProvider(TinyModelFixture.get().modelDir()),
                        Duration.ofMillis(250), counter),
                KafkaFrameSource.create(options), KafkaSinks.detections(options), KafkaSinks.deadLetters(options));
        CLUSTER.kafka().produce(options.framesTopic(), frames("overload", frames));
        try (JobRun run = JobRun.start(CLUSTER.kafka(), options, job);
                RunSampler sampler = new RunSampler(() -> queueDepth(run.jobId()), 5)) {
            List<Detection> detections = List.of();
            List<DeadLetter> deadLetters = List.of();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (detections.size() + deadLetters.size() < frames && System.nanoTime() < deadline) {
                detections = run.detections(0, Duration.ZERO);
                deadLetters = run.deadLetters(0, Duration.ZERO);
            }
            sampler.close();
            // Frames still queued would reach the model later: wait until the batcher is empty and its
            // last batch (250 ms) has run, before counting.
            long drained = System.nanoTime() + WAIT.toNanos();
            while (queueDepth(run.jobId()) != 0 && System.nanoTime() < drained) {
                Thread.sleep(50);
            }
            Thread.sleep(1_000);
            long inferred = SlowPredictorProvider.framesInferred(counter);
            long timeouts = deadLetters.stream().filter(d -> d.getKind() == ErrorKind.TIMEOUT).count();
            Figures.report("overload with a 500 ms timeout: frames=%d detections=%d"
                            + " timeouts=%d other_dead_letters=%d frames_given_to_the_model=%d max_queue_depth=%d"
                            + " (capacity %d, %d samples)", frames, detections.size(), timeouts,
                    deadLetters.size() - timeouts, inferred, sampler.peakGauge(), CAPACITY, sampler.samples());

            assertThat(deadLetters).as("dead letters").allSatisfy(d -> assertThat(d.getKind()).isEqualTo(ErrorKind.TIMEOUT));
            assertThat(Stream.concat(detections.stream().map(d -> d.getCameraId() + "#" + d.getSequence()),
                            deadLetters.stream().map(d -> d.getCameraId() + "#" + d.getSequence())))
                    .as("every frame ends as exactly one detection or one TIMEOUT dead letter")
                    .hasSize(frames).doesNotHaveDuplicates();
            assertThat(timeouts).as("the overload makes frames time out").isPositive();
            assertThat(inferred).as("frames given to the model: at most the frames admitted")
                    .isLessThanOrEqualTo(frames);
            assertThat(inferred).as("frames given to the model: fewer than every frame, as frames that time out"
                    + " while queued are cancelled").isLessThan(frames);
            assertThat(sampler.peakGauge()).as("batcher queue depth").isBetween(0, CAPACITY);
            assertThat(run.status()).isEqualTo(org.apache.flink.api.common.JobStatus.RUNNING);
        }
    }

    private static void assertNothingDropped(List<Detection> detections, List<DeadLetter> deadLetters) {
        assertThat(deadLetters).as("dead letters (a TIMEOUT would mean the async timeout fired)").isEmpty();
        assertThat(detections).hasSize(WARM_UP + BURST);
        assertThat(detections.stream().map(d -> d.getCameraId() + "#" + d.getSequence()).distinct().count())
                .as("distinct (camera, sequence)").isEqualTo(WARM_UP + BURST);
    }

    private static void report(List<Detection> burst, long heapBefore, RunSampler sampler) {
        List<Long> latencies = burst.stream().map(SlowInferenceITCase::latencyMillis).toList();
        int fifth = BURST / 5;
        long firstP50 = median(latencies.subList(0, fifth));
        long lastP50 = median(latencies.subList(BURST - fifth, BURST));
        double seconds = (burst.stream().mapToLong(d -> d.getProcessingTime().toEpochMilli()).max().orElseThrow()
                - burst.stream().mapToLong(d -> d.getProcessingTime().toEpochMilli()).min().orElseThrow()) / 1000.0;
        double modelLimit = BATCH * 1000.0 / DELAY_PER_BATCH.toMillis();
        Figures.report("slow-inference frames=%d detections=%d dead_letters=0 timeouts=0"
                        + " max_queue_depth=%d (batch %d, async capacity %d) peak_heap_mb=%.0f (before the burst %.0f, %d samples)"
                        + " latency_p50_first20%%_s=%.2f latency_p50_last20%%_s=%.2f throughput_fps=%.1f (model limit %.1f)",
                BURST, burst.size(), sampler.peakGauge(), BATCH, CAPACITY, sampler.peakHeapBytes() / 1048576.0,
                heapBefore / 1048576.0, sampler.samples(), firstP50 / 1000.0, lastP50 / 1000.0,
                (burst.size() - 1) / seconds, modelLimit);
        assertThat(lastP50).as("latency grows along the burst: p50 of the last fifth vs the first (ms)")
                .isGreaterThan(2 * firstP50);
        assertThat((burst.size() - 1) / seconds).as("throughput, frames/s: the slow model is the bottleneck")
                .isLessThanOrEqualTo(modelLimit);
    }

    /** The burst's detections in sequence order (the order they were produced). */
    private static List<Detection> burstOf(List<Detection> detections) {
        return detections.stream().filter(d -> d.getCameraId().startsWith("burst"))
                .sorted(Comparator.comparingLong(Detection::getSequence)).toList();
    }

    private static long latencyMillis(Detection d) {
        return d.getProcessingTime().toEpochMilli() - d.getCaptureTime().toEpochMilli();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** The inference operator's {@code queueDepth} gauge, or -1 before it is registered. */
    private static int queueDepth(JobID job) {
        for (Map.Entry<String, org.apache.flink.metrics.Metric> e : METRICS.getMetricsByIdentifiers(job).entrySet()) {
            if (e.getKey().endsWith(".queueDepth") && e.getValue() instanceof Gauge<?> gauge
                    && gauge.getValue() instanceof Number n) {
                return n.intValue();
            }
        }
        return -1;
    }

    /**
     * Frames {@code 0..count-1} of cameras {@code <prefix>-0..3}, captured now: the training images in
     * turn, so a frame's latency is the time from its production to its detection.
     */
    private static List<Map.Entry<String, byte[]>> frames(String prefix, int count) throws IOException {
        List<LabeledSample> samples = TinyModelFixture.get().samples(Split.TRAIN);
        List<Map.Entry<String, byte[]>> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] jpeg = Files.readAllBytes(samples.get(i % samples.size()).image());
            out.add(TestFrames.record(Frame.newBuilder().setCameraId(prefix + "-" + (i % 4)).setSequence(i)
                    .setCaptureTime(Instant.now()).setImage(ByteBuffer.wrap(jpeg)).setEncoding(ImageEncoding.JPEG)
                    .setSourceName("frame-" + i).build()));
        }
        return out;
    }
}
