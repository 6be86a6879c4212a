package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.trainer.fit.TrainingResult.StopReason;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.trainer.model.Preset;
import dev.facemask.trainer.model.WeightArray;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingResultTest {

    static ModelWeights weights(float value) {
        return new ModelWeights(Map.of("class_dense_b", new WeightArray(new long[] {1}, new float[] {value})));
    }

    static EpochMetrics epoch(int n, double valLoss) {
        return new EpochMetrics(n, 1, 0.5, 0.5, 0.6, 0.3, valLoss, 0.4, 0.1, 0.7, 0.2 + n / 100.0, 10, 1);
    }

    static final TrainingResult RESULT = new TrainingResult(ModelConfig.builder(Preset.TINY).build(),
            List.of(epoch(1, 0.9), epoch(2, 0.5), epoch(3, 0.7)), 2, weights(2), StopReason.COMPLETED, Path.of("run"),
            weights(3));

    @Test
    void shouldExportTheBestEpochByDefault() {
        assertThat(RESULT.weights(ExportEpoch.BEST).sameAs(weights(2))).isTrue();
        assertThat(RESULT.epoch(ExportEpoch.BEST)).isEqualTo(2);
        assertThat(RESULT.metrics(ExportEpoch.BEST)).containsEntry("val_loss", 0.5).isEqualTo(RESULT.finalMetrics());
    }

    @Test
    void shouldExportTheLastEpochsWeightsAndMetricsForFinal() {
        assertThat(RESULT.weights(ExportEpoch.FINAL).sameAs(weights(3))).isTrue();
        assertThat(RESULT.epoch(ExportEpoch.FINAL)).isEqualTo(3);
        assertThat(RESULT.metrics(ExportEpoch.FINAL)).containsEntry("epoch", 3.0).containsEntry("val_loss", 0.7);
    }

    @Test
    void shouldDefaultToBestInTrainingOptions() {
        assertThat(TrainingOptions.builder().build().export()).isEqualTo(ExportEpoch.BEST);
        assertThat(TrainingOptions.builder().export(ExportEpoch.FINAL).build().export()).isEqualTo(ExportEpoch.FINAL);
    }
}
