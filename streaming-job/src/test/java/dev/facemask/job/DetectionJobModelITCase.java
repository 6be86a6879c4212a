package dev.facemask.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.inference.Prediction;
import dev.facemask.inference.SharedModel;
import dev.facemask.job.inference.GradCamPolicy;
import dev.facemask.job.options.JobOptions;
import dev.facemask.job.testing.JobRun;
import dev.facemask.job.testing.MiniClusterWithKafka;
import dev.facemask.job.testing.TestFrames;
import dev.facemask.job.testing.TinyModelFixture;
import dev.facemask.schema.Detection;
import dev.facemask.schema.GradCam;
import dev.facemask.trainer.evaluate.Evaluator;
import dev.facemask.trainer.evaluate.LabeledSample;
import dev.facemask.trainer.evaluate.SampleOutcome;
import dev.facemask.vision.dataset.ImageFiles;
import dev.facemask.vision.dataset.Split;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.PreparedImage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job's answers are the model's answers: the same images give the same class, score, box and
 * Grad-CAM in the stream as in the trainer's offline evaluation, whatever batches the stream made.
 * Runs the real tiny TensorFlow model of {@link TinyModelFixture}.
 */
class DetectionJobModelITCase {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * Largest difference allowed between stream and offline, for scores, box corners and heatmap
     * cells. Batches of other sizes and members may run other kernels: in this suite the stream
     * matched exactly on scores and heatmaps and within 3e-8 on box corners, and the same model
     * run at batch 1 vs batch 30 differed by at most 2e-7 (each test prints what it measured).
     */
    private static final double TOLERANCE = 1e-5;

    @RegisterExtension
    static final MiniClusterWithKafka CLUSTER = new MiniClusterWithKafka(MiniClusterWithKafka.noRestarts());

    @Test
    void shouldPredictInTheStreamWhatOfflineEvaluationPredictsForTheTestSplit() throws Exception {
        TinyModelFixture.TinyModel model = TinyModelFixture.get();
        List<LabeledSample> samples = model.samples(Split.TEST);
        JobOptions options = JobRun.freshOptions(CLUSTER.kafka()).build();
        CLUSTER.kafka().produce(options.framesTopic(), TestFrames.jpegFiles(samples, 0, 3));
        List<SampleOutcome> offline;
        try (SharedModel.Lease lease = SharedModel.acquire(model.modelDir())) {
            offline = new Evaluator(lease.predictor(), lease.metadata().preprocessor(), 8).run(samples).outcomes();
        }
        assertThat(offline).hasSize(samples.size());

        Map<Long, Detection> stream;
        try (JobRun run = JobRun.start(CLUSTER.kafka(), options)) {
            stream = bySequence(run.detections(samples.size(), WAIT));
        }

        assertThat(stream).hasSize(samples.size());
        double scoreDiff = 0;
        double boxDiff = 0;
        for (int i = 0; i < samples.size(); i++) {
            Detection d = stream.get((long) i);
            SampleOutcome o = offline.get(i);
            assertThat(d.getClassId()).as("class of %s", o.image()).isEqualTo(o.predictedClass());
            assertThat(d.getClassLabel()).isEqualTo(model.metadata().classLabel(o.predictedClass()));
            scoreDiff = Math.max(scoreDiff, Math.abs(d.getScore() - o.score()));
            boxDiff = Math.max(boxDiff, maxCornerDifference(d.getBox(), o.predictedBox()));
        }
        System.out.printf("Stream vs offline evaluation on %d test images: max |score diff| %.3g,"
                + " max |box corner diff| %.3g%n", samples.size(), scoreDiff, boxDiff);
        assertThat(scoreDiff).isLessThanOrEqualTo(TOLERANCE);
        assertThat(boxDiff).isLessThanOrEqualTo(TOLERANCE);
    }

    /**
     * With policy {@code always} every frame carries the model's Grad-CAM: a well-formed map for the
     * detected class, equal to the offline one within {@link #TOLERANCE}.
     *
     * <p>Where the peak falls is measured and printed, not asserted: it depends on how well the fixture
     * model trained during this run localises, and that moves with the CPU's float kernels and thread
     * timing. On 300 frames (val + test) the peak cell touched the true face box in 84% on one machine
     * and 65% on another. Asserting it made {@code mvn verify} fail on a clean clone (issue 9). What
     * the stream must guarantee, whatever the model learnt, is that it explains with the model's own
     * Grad-CAM, and that is what this test asserts.
     */
    @Test
    void shouldExplainEveryFrameWithTheModelsOwnGradCam() throws Exception {
        TinyModelFixture.TinyModel model = TinyModelFixture.get();
        ModelMetadata metadata = model.metadata();
        List<LabeledSample> samples = Stream.concat(model.samples(Split.VAL).stream(), model.samples(Split.TEST).stream())
                .toList();
        JobOptions options = JobRun.freshOptions(CLUSTER.kafka()).gradCam(GradCamPolicy.parse("always")).build();
        CLUSTER.kafka().produce(options.framesTopic(), TestFrames.jpegFiles(samples, 0, 2));
        List<PreparedImage> images = prepare(samples, metadata);
        List<Prediction> offline;
        try (SharedModel.Lease lease = SharedModel.acquire(model.modelDir())) {
            offline = lease.predictor().predict(images, true);
        }

        Map<Long, Detection> stream;
        try (JobRun run = JobRun.start(CLUSTER.kafka(), options)) {
            stream = bySequence(run.detections(samples.size(), WAIT));
        }

        assertThat(stream).hasSize(samples.size());
        int size = metadata.heatmapSize();
        double heatmapDiff = 0;
        int touching = 0;
        int centred = 0;
        for (int i = 0; i < samples.size(); i++) {
            Detection d = stream.get((long) i);
            assertWellFormed(d, size);
            heatmapDiff = Math.max(heatmapDiff, maxDifference(d.getGradCam().getValues(), offline.get(i).heatmap()));
            // The true face box in the padded model input, whose grid the heatmap covers.
            Box face = images.get(i).letterbox().toModel(samples.get(i).box());
            int cell = peakCell(d.getGradCam().getValues());
            touching += peakCellTouches(cell, size, face) ? 1 : 0;
            centred += face.contains((cell % size + 0.5) / size, (cell / size + 0.5) / size) ? 1 : 0;
        }
        System.out.printf("Grad-CAM on %d frames: max |cell diff| vs offline %.3g; peak cell touches the face box"
                + " in %.1f%%, its centre is inside the box in %.1f%%%n", samples.size(), heatmapDiff,
                100.0 * touching / samples.size(), 100.0 * centred / samples.size());
        assertThat(heatmapDiff).isLessThanOrEqualTo(TOLERANCE);
        // The share of peaks on the face is a figure of the trained fixture, not of the job: printed above only.
    }

    /**
     * A {@code size x size} grid in 0..1 for the detected class. The graph divides by the peak, so the
     * peak is exactly 1 unless the whole map is 0.
     */
    private static void assertWellFormed(Detection d, int size) {
        GradCam cam = d.getGradCam();
        assertThat(cam).as("Grad-CAM of frame %d", d.getSequence()).isNotNull();
        assertThat(cam.getWidth()).isEqualTo(size);
        assertThat(cam.getHeight()).isEqualTo(size);
        assertThat(cam.getClassId()).isEqualTo(d.getClassId());
        assertThat(cam.getValues()).hasSize(size * size).allSatisfy(v -> assertThat(v).isBetween(0f, 1f));
        float peak = cam.getValues().stream().max(Float::compare).orElseThrow();
        assertThat(peak).as("peak of frame %d", d.getSequence()).isIn(0f, 1f);
    }

    /** Row-major index of the largest cell, the first one on ties. */
    private static int peakCell(List<Float> values) {
        int best = 0;
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i) > values.get(best)) {
                best = i;
            }
        }
        return best;
    }

    private static Map<Long, Detection> bySequence(List<Detection> detections) {
        return detections.stream().collect(Collectors.toMap(Detection::getSequence, Function.identity()));
    }

    private static List<PreparedImage> prepare(List<LabeledSample> samples, ModelMetadata metadata) throws IOException {
        List<PreparedImage> images = new ArrayList<>(samples.size());
        for (LabeledSample sample : samples) {
            images.add(metadata.preprocessor().prepare(ImageFiles.readForModel(sample.image(), metadata.inputSize())));
        }
        return images;
    }

    /** Whether grid cell {@code cell} (row-major, {@code size x size} over the padded input) overlaps {@code face}. */
    private static boolean peakCellTouches(int cell, int size, Box face) {
        double x0 = (double) (cell % size) / size;
        double y0 = (double) (cell / size) / size;
        double step = 1.0 / size;
        return x0 < face.xMax() && x0 + step > face.xMin() && y0 < face.yMax() && y0 + step > face.yMin();
    }

    private static double maxCornerDifference(dev.facemask.schema.Box stream, Box offline) {
        double min = Math.max(Math.abs(stream.getXMin() - offline.xMin()), Math.abs(stream.getYMin() - offline.yMin()));
        double max = Math.max(Math.abs(stream.getXMax() - offline.xMax()), Math.abs(stream.getYMax() - offline.yMax()));
        return Math.max(min, max);
    }

    private static double maxDifference(List<Float> stream, float[] offline) {
        assertThat(stream).hasSize(offline.length);
        double max = 0;
        for (int i = 0; i < offline.length; i++) {
            max = Math.max(max, Math.abs(stream.get(i) - offline[i]));
        }
        return max;
    }
}
