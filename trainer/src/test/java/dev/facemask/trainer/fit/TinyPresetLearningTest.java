package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.trainer.SyntheticFaces;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Preset;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiny preset must learn both heads on synthetic faces: it classifies and it localises. */
class TinyPresetLearningTest {

    @Test
    void shouldClassifyAndLocaliseSyntheticFaces(@TempDir Path dir) throws Exception {
        ModelConfig config = ModelConfig.builder(Preset.TINY).inputSize(64).numClasses(2).build();
        List<TrainingExample> train = SyntheticFaces.generate(1024, 64, 100);
        List<TrainingExample> val = SyntheticFaces.generate(64, 64, 200);
        TrainingOptions options = TrainingOptions.builder().epochs(10).batchSize(32).boxLossWeight(10).seed(1).flipAugmentation(true)
                .outputDir(dir).build();
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
        assertThat(best.valAccuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(best.valIou()).isGreaterThanOrEqualTo(0.6);
    }
}
