package dev.facemask.trainer.fit;

import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Trainer#fit} produced.
 *
 * @param config the trained architecture
 * @param history metrics of every epoch run (including those of a resumed checkpoint)
 * @param bestEpoch 1-based epoch with the lowest validation loss
 * @param bestWeights model weights at {@code bestEpoch} (no optimizer slots): feed these to the exporter
 * @param stopReason why training ended
 * @param outputDir folder with the checkpoint, history files and charts
 */
public record TrainingResult(ModelConfig config, List<EpochMetrics> history, int bestEpoch, ModelWeights bestWeights,
        StopReason stopReason, Path outputDir) {

    /** Why training ended. */
    public enum StopReason { COMPLETED, EARLY_STOPPED, CANCELLED }

    public TrainingResult {
        history = List.copyOf(history);
    }

    /** Metrics of the best epoch, keyed as Keras names them ({@code val_accuracy}, {@code val_iou}, ...). */
    public Map<String, Double> finalMetrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        history.stream().filter(e -> e.epoch() == bestEpoch).findFirst().ifPresent(e -> {
            m.put("epoch", (double) e.epoch());
            m.put("loss", e.loss());
            m.put("accuracy", e.accuracy());
            m.put("iou", e.iou());
            m.put("val_loss", e.valLoss());
            m.put("val_class_loss", e.valClassLoss());
            m.put("val_box_loss", e.valBoxLoss());
            m.put("val_accuracy", e.valAccuracy());
            m.put("val_iou", e.valIou());
        });
        return m;
    }
}
