package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.trainer.SyntheticFaces;
import dev.facemask.trainer.export.GradCamOutputs;
import dev.facemask.trainer.export.InferenceModel;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Preset;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiny preset must learn both heads on synthetic faces: it classifies, localises, and Grad-CAM points at the face. */
class TinyPresetLearningITCase {

    @Test
    void shouldClassifyAndLocaliseSyntheticFaces(@TempDir Path dir) throws Exception {
        ModelConfig config = ModelConfig.builder(Preset.TINY).inputSize(64).numClasses(2).build();
        List<TrainingExample> train = SyntheticFaces.generate(1024, 64, 100);
        List<TrainingExample> val = SyntheticFaces.generate(64, 64, 200);
        TrainingOptions options = TrainingOptions.builder().epochs(10).batchSize(32).boxLossWeight(10).seed(1)
                .flipAugmentation(true).outputDir(dir).build();
        long start = System.nanoTime();
        TrainingResult result = Trainer.builder().model(config).options(options).stopOnShutdown(false).build()
                .fit(train, val);
        double seconds = (System.nanoTime() - start) / 1e9;
        EpochMetrics best = result.history().get(result.bestEpoch() - 1);
        double imagesPerSecond = result.history().stream().mapToDouble(EpochMetrics::imagesPerSecond).average()
                .orElseThrow();
        System.out.printf("tiny@64: %.1f s in all, %.1f steps/s at batch 32, best epoch %d: val_acc %.3f"
                + " val_iou %.3f%n", seconds, imagesPerSecond / 32, result.bestEpoch(), best.valAccuracy(),
                best.valIou());
        double peakInside;
        try (InferenceModel model = InferenceModel.create(config, result.bestWeights())) {
            peakInside = peakInsideBox(model.gradCam(SyntheticFaces.pack(val), val.size()), val);
        }
        System.out.printf("Grad-CAM peak inside the face box: %.2f of images%n", peakInside);
        assertThat(best.valAccuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(best.valIou()).isGreaterThanOrEqualTo(0.6);
        // The explanation looks at the face: seen 0.95 here (4x4 grid, faces 25-58% of the side).
        assertThat(peakInside).isGreaterThanOrEqualTo(0.8);
    }

    /** Fraction of images whose hottest heatmap cell's centre lies in the true box. */
    static double peakInsideBox(GradCamOutputs cams, List<TrainingExample> examples) {
        int inside = 0;
        for (int i = 0; i < examples.size(); i++) {
            float[][] h = cams.heatmaps()[i];
            int by = 0;
            int bx = 0;
            for (int y = 0; y < h.length; y++) {
                for (int x = 0; x < h[y].length; x++) {
                    if (h[y][x] > h[by][bx]) {
                        by = y;
                        bx = x;
                    }
                }
            }
            if (examples.get(i).modelBox().contains((bx + 0.5) / h.length, (by + 0.5) / h.length)) {
                inside++;
            }
        }
        return (double) inside / examples.size();
    }
}
