package dev.facemask.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.inference.Prediction;
import dev.facemask.inference.SavedModelPredictor;
import dev.facemask.trainer.evaluate.DenseEvaluator;
import dev.facemask.trainer.fit.DenseEpochMetrics;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Preset;
import dev.facemask.vision.dataset.Datasets;
import dev.facemask.vision.evaluate.ClassDetectionMetrics;
import dev.facemask.vision.evaluate.DetectionMetrics;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.synth.IntRange;
import dev.facemask.vision.synth.SceneOptions;
import dev.facemask.vision.synth.SyntheticSceneGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code detect-tiny} learns to find every face of synthetic multi-face scenes, end to end through
 * the training pipeline: all-faces split, augmentation, focal loss, export, and the held-out test
 * split scored by VOC mAP@0.5; then the exported SavedModel, read back through DJL, on 200 scenes
 * it never saw (about 390 faces, so that the figure is stable to a few hundredths).
 *
 * <p>Measured on 2 shared cores (2026-12-01), with the preset's default 120 epochs. With the
 * objectness centre head (the default since 23:20 UTC; 659 s, beside a training run): test split
 * (40 images, 76 faces) mAP@0.5 0.989, class APs 0.998 / 1.000 / 0.968; the 200 unseen scenes
 * (386 faces) mAP@0.5 <b>0.975</b>, class APs 0.982 / 0.999 / 0.944. With per-class heatmaps (804 s
 * at load 30): test 0.939 (0.985 / 0.957 / 0.877), unseen 0.921 (0.948 / 0.968 / 0.848); at 60
 * epochs the test split gave 0.801, mask against mask-worn-incorrectly being the last thing
 * learned. With the offset loss relative to face size (the default since 2026-12-02; 492 s beside a
 * training run): test 1.000 (mAP@[.5:.95] 0.702, was 0.643), unseen 0.969 (mAP@[.5:.95] 0.651;
 * class APs 0.972 / 0.993 / 0.943). With box voting over 3x3 cells in decoding (the default since
 * 2026-12-02; 511 s beside a training run): test 1.000 (mAP@[.5:.95] 0.742), unseen 0.969
 * (mAP@[.5:.95] 0.680). The goal is 0.9 on unseen scenes, asserted; the other thresholds sit well below
 * the measured figures, because another CPU's kernels take training down another path (issue 9: a
 * test must hold on any machine). The printed figures are the ones to read.
 */
class DenseHeadLearningITCase {

    @Test
    void shouldFindEveryFaceOfSyntheticScenes(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("scenes");
        scenes(400, 5, data);
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        DenseTrainingPipeline.Result r = DenseTrainingPipeline.builder(data, tmp.resolve("model"))
                .model(ModelConfig.builder(Preset.DETECT_TINY).inputSize(128))
                .options(DenseTrainingPipeline.defaults(Preset.DETECT_TINY).outputDir(tmp.resolve("run")).build())
                .build().run(new PrintStream(log, true));

        DenseEpochMetrics best = r.training().bestMetrics();
        System.out.println(DenseTrainingPipeline.summary("detect-tiny on synthetic scenes, test", r.test(), 3));
        System.out.printf("best epoch %d: val mAP@0.5 %.3f, mAP@[.5:.95] %.3f%n", best.epoch(), best.valMap50(),
                best.valMap50to95());
        assertThat(ModelMetadata.read(r.modelDir()).dense()).isTrue();
        assertThat(r.test().truths()).isPositive();
        assertThat(best.valMap50()).as("validation mAP@0.5").isGreaterThanOrEqualTo(0.8);
        assertThat(r.test().map50()).as("test mAP@0.5").isGreaterThanOrEqualTo(0.8);

        Path unseen = tmp.resolve("unseen");
        scenes(200, 6, unseen);
        DetectionMetrics heldOut;
        try (SavedModelPredictor model = SavedModelPredictor.load(r.modelDir())) {
            heldOut = new DenseEvaluator(model.metadata().preprocessor(),
                    batch -> model.predict(batch, false).stream().map(Prediction::faces).toList(), 3, 16)
                    .run(Datasets.open(unseen).valid()).metrics();
        }
        System.out.println(DenseTrainingPipeline.summary("detect-tiny on 200 unseen scenes", heldOut, 3));
        assertThat(heldOut.truths()).isEqualTo(386);
        assertThat(heldOut.map50()).as("mAP@0.5 on unseen scenes").isGreaterThanOrEqualTo(0.9);
        for (ClassDetectionMetrics c : heldOut.perClass()) {
            assertThat(c.ap50()).as("AP@0.5 of class %d on unseen scenes", c.classId()).isGreaterThanOrEqualTo(0.75);
        }
    }

    /** The test's scenes: 128 px, 1-3 faces of 28-56 px, three classes. */
    private static void scenes(int images, long seed, Path dir) throws Exception {
        new SyntheticSceneGenerator(SceneOptions.builder().images(images).seed(seed).faces(new IntRange(1, 3))
                .imageSide(IntRange.of(128)).faceSize(new IntRange(28, 56)).outputDir(dir).build()).generate();
    }
}
