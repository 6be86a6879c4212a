package dev.facemask.trainer.fit;

import dev.facemask.trainer.fit.TrainingResult.StopReason;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link DenseTrainer#fit} produced.
 *
 * @param config the architecture trained
 * @param epochs metrics of every finished epoch
 * @param bestEpoch epoch with the best validation mAP@0.5 (0 when none finished)
 * @param bestWeights that epoch's weights: what {@code --export best} exports
 * @param finalWeights the last step's weights: what {@code --export final} exports, as the notebook does
 * @param stopReason why training ended
 * @param outputDir where history and charts were written
 */
public record DenseTrainingResult(ModelConfig config, List<DenseEpochMetrics> epochs, int bestEpoch,
        ModelWeights bestWeights, ModelWeights finalWeights, StopReason stopReason, Path outputDir) {

    /** The best epoch's metrics, or the last epoch's when none was best. */
    public DenseEpochMetrics bestMetrics() {
        return epochs.stream().filter(e -> e.epoch() == bestEpoch).findFirst()
                .orElse(epochs.isEmpty() ? null : epochs.get(epochs.size() - 1));
    }
}
