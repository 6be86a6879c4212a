package dev.facemask.job.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.job.decode.ImageLimits;
import dev.facemask.job.decode.ImagePreparer;
import dev.facemask.job.decode.PreparedFrame;
import dev.facemask.job.testing.FakeModelProvider;
import dev.facemask.job.testing.FakePredictor;
import dev.facemask.job.testing.TestImages;
import dev.facemask.schema.Detection;
import dev.facemask.schema.ErrorKind;
import dev.facemask.schema.Frame;
import dev.facemask.schema.ImageEncoding;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.async.AsyncFunction;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the async inference operator through Flink's operator test harness. */
class AsyncDetectorHarnessTest {

    @BeforeEach
    void clearCalls() {
        FakePredictor.CALLS.clear();
    }

    @Test
    void shouldEmitOneDetectionPerFrameInBatchesWithBoxesOnTheOriginalFrame() throws Exception {
        List<InferenceResult> results = run(new AsyncDetector(new FakeModelProvider(32, 0), new GradCamPolicy.Off(),
                4, Duration.ofMillis(50), 16), frames(10), 5_000, false);
        assertThat(results).hasSize(10).allMatch(InferenceResult::isDetection);
        List<Detection> detections = results.stream().map(r -> r.detection)
                .sorted(Comparator.comparingLong(Detection::getSequence)).toList();
        assertThat(detections).extracting(Detection::getSequence).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        Detection first = detections.get(0);
        // 64x32 frame: the model input holds it in the top half, so y doubles back on the original.
        assertThat(first.getBox().getXMin()).isEqualTo(0.25f);
        assertThat(first.getBox().getYMin()).isEqualTo(0.5f);
        assertThat(first.getBox().getYMax()).isEqualTo(1.0f);
        assertThat(first.getBoxPixels().getXMax()).isEqualTo(48f);
        assertThat(first.getClassScores()).containsOnlyKeys("mask", "no_mask");
        assertThat(first.getModelName()).isEqualTo("fake");
        assertThat(first.getGradCam()).isNull();
        assertThat(FakePredictor.CALLS.stream().mapToInt(Integer::parseInt).sum()).isEqualTo(10);
        assertThat(detections).allMatch(d -> d.getBatchSize() >= 1 && d.getBatchSize() <= 4);
    }

    @Test
    void shouldTurnATimeoutIntoATimeoutDeadLetter() throws Exception {
        List<InferenceResult> results = run(new AsyncDetector(new FakeModelProvider(32, 1_000), new GradCamPolicy.Off(),
                1, Duration.ZERO, 16), frames(1), 100, true);
        assertThat(results).hasSize(1);
        assertThat(results.get(0).deadLetter.getKind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(results.get(0).deadLetter.getStage()).isEqualTo("inference");
        assertThat(results.get(0).deadLetter.getSequence()).isEqualTo(0L);
        assertThat(results.get(0).deadLetter.getPayload().remaining()).isPositive();
    }

    @Test
    void shouldExplainOnlyTheFramesThePolicySelects() throws Exception {
        GradCamPolicy policy = new GradCamPolicy.Sample(0.5);
        List<PreparedFrame> frames = frames(12);
        long expected = frames.stream().filter(f -> policy.selects(f.cameraId, f.sequence, null, Float.NaN)).count();
        List<InferenceResult> results = run(new AsyncDetector(new FakeModelProvider(32, 0), policy, 4,
                Duration.ofMillis(20), 16), frames, 5_000, false);
        assertThat(expected).isBetween(1L, 11L);
        assertThat(results).hasSize(12);
        assertThat(results.stream().filter(r -> r.detection.getGradCam() != null).count()).isEqualTo(expected);
        assertThat(results.stream().filter(r -> r.detection.getGradCam() != null))
                .allMatch(r -> policy.selects(r.detection.getCameraId(), r.detection.getSequence(), null, Float.NaN));
    }

    @Test
    void shouldPrepareThePixelsAgainForFramesRestoredFromACheckpoint() throws Exception {
        List<InferenceResult> reference = run(new AsyncDetector(new FakeModelProvider(32, 0), new GradCamPolicy.Off(),
                4, Duration.ofMillis(20), 16), frames(6), 5_000, false);
        OperatorSubtaskState state;
        // A model slower than the test: all six frames are in flight when the checkpoint is taken.
        try (var before = harness(new AsyncDetector(new FakeModelProvider(32, 2_000), new GradCamPolicy.Off(),
                4, Duration.ofMillis(20), 16), 30_000)) {
            before.open();
            long t = 0;
            for (PreparedFrame frame : frames(6)) {
                before.processElement(new StreamRecord<>(frame, t++));
            }
            state = before.snapshot(1L, 1L);
        }
        List<InferenceResult> restored = new ArrayList<>();
        try (var after = harness(new AsyncDetector(new FakeModelProvider(32, 0), new GradCamPolicy.Off(),
                4, Duration.ofMillis(20), 16), 5_000)) {
            after.initializeState(state);
            after.open();
            after.endInput();
            after.extractOutputValues().forEach(restored::add);
        }

        assertThat(restored).hasSize(6).allMatch(InferenceResult::isDetection);
        // The fake model scores a frame by its mean pixel: equal scores mean the pixels were prepared again, alike.
        assertThat(scoresBySequence(restored)).isEqualTo(scoresBySequence(reference));
        // ...and the frames differ, so wrong pixels would show.
        assertThat(Set.copyOf(scoresBySequence(reference).values())).hasSize(6);
    }

    private static Map<Long, Map<String, Float>> scoresBySequence(List<InferenceResult> results) {
        return results.stream().map(r -> r.detection)
                .collect(Collectors.toMap(Detection::getSequence, d -> Map.copyOf(d.getClassScores())));
    }

    private static OneInputStreamOperatorTestHarness<PreparedFrame, InferenceResult> harness(
            AsyncFunction<PreparedFrame, InferenceResult> function, long timeoutMillis) throws Exception {
        var factory = new AsyncWaitOperatorFactory<>(function, timeoutMillis, 16,
                org.apache.flink.streaming.api.datastream.AsyncDataStream.OutputMode.UNORDERED);
        return new OneInputStreamOperatorTestHarness<PreparedFrame, InferenceResult>(factory,
                TypeInformation.of(PreparedFrame.class).createSerializer(new ExecutionConfig().getSerializerConfig()));
    }

    private static List<InferenceResult> run(AsyncFunction<PreparedFrame, InferenceResult> function,
            List<PreparedFrame> frames, long timeoutMillis, boolean fireTimeouts) throws Exception {
        try (var harness = harness(function, timeoutMillis)) {
            harness.open();
            long t = 0;
            for (PreparedFrame frame : frames) {
                harness.processElement(new StreamRecord<>(frame, t++));
            }
            if (fireTimeouts) {
                // The harness's clock is manual: move it past the timeout while the model is still busy.
                harness.setProcessingTime(timeoutMillis + 1);
            }
            harness.endInput();
            List<InferenceResult> out = new ArrayList<>();
            harness.extractOutputValues().forEach(out::add);
            return out;
        }
    }

    /** Frames of 64x32 pixels through the real decode stage, so the letterbox is real too. */
    static List<PreparedFrame> frames(int count) throws Exception {
        var harness = ProcessFunctionTestHarnesses.forProcessFunction(
                new ImagePreparer(ImageLimits.DEFAULT, new FakeModelProvider(32, 0)));
        for (int i = 0; i < count; i++) {
            harness.processElement(Frame.newBuilder().setCameraId("cam-" + (i % 3)).setSequence(i)
                    .setCaptureTime(Instant.ofEpochMilli(1_000 + i))
                    .setImage(ByteBuffer.wrap(TestImages.png(64, 32, 100 + i * 10)))
                    .setEncoding(ImageEncoding.PNG).build(), i);
        }
        List<PreparedFrame> out = harness.extractOutputValues();
        harness.close();
        return out;
    }
}
