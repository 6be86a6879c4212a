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
 * @param finalWeights model weights when training ended (after the last epoch run, or where Ctrl-C stopped it)
 */
public record TrainingResult(ModelConfig config, List<EpochMetrics> history, int bestEpoch, ModelWeights bestWeights,
        StopReason stopReason, Path outputDir, ModelWeights finalWeights) {

    /** Why training ended. */
    public enum StopReason { COMPLETED, EARLY_STOPPED, CANCELLED, TIME_LIMIT }

    public TrainingResult {
        history = List.copyOf(history);
    }

    /** The weights {@code which} names: those of the best epoch or those training ended with. */
    public ModelWeights weights(ExportEpoch which) {
        return which == ExportEpoch.FINAL ? finalWeights : bestWeights;
    }

    /** 1-based epoch of {@link #weights(ExportEpoch)}; for {@code FINAL}, the last epoch completed. */
    public int epoch(ExportEpoch which) {
        return which == ExportEpoch.FINAL ? (history.isEmpty() ? 0 : history.get(history.size() - 1).epoch())
                : bestEpoch;
    }

    /** Metrics of the best epoch, keyed as Keras names them ({@code val_accuracy}, {@code val_iou}, ...). */
    public Map<String, Double> finalMetrics() {
        return metrics(ExportEpoch.BEST);
    }

    /** Metrics of the epoch {@code which} names, keyed as {@link #finalMetrics()}. */
    public Map<String, Double> metrics(ExportEpoch which) {
        int epoch = epoch(which);
        Map<String, Double> m = new LinkedHashMap<>();
        history.stream().filter(e -> e.epoch() == epoch).findFirst().ifPresent(e -> {
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
