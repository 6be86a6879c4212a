package dev.facemask.trainer.fit;

import java.util.Locale;

/**
 * Metrics of one dense-head epoch: training losses averaged over its steps, validation values from
 * the model at the end of the epoch.
 *
 * @param epoch 1-based epoch number
 * @param loss mean total loss on the training split
 * @param heatmapLoss mean focal loss of the centre heatmaps
 * @param boxLoss mean L1 loss of the box values
 * @param valLoss total loss on the validation split
 * @param valHeatmapLoss focal loss on the validation split
 * @param valBoxLoss box loss on the validation split
 * @param valMap50 mean over classes of VOC AP at IoU 0.5 on the validation split: what selects the best epoch
 * @param valMap50to95 COCO-style mAP@[.5:.95] on the validation split
 * @param imagesPerSecond training throughput of the epoch
 * @param seconds wall time of the epoch including validation
 */
public record DenseEpochMetrics(int epoch, double loss, double heatmapLoss, double boxLoss, double valLoss,
        double valHeatmapLoss, double valBoxLoss, double valMap50, double valMap50to95, double imagesPerSecond,
        double seconds) {

    /** The one summary line printed after each epoch. */
    public String summaryLine(int epochs) {
        return String.format(Locale.ROOT, "epoch %d/%d - %.1f s - %.1f img/s - loss %.4f (heatmap %.4f, box %.4f)"
                + " - val_loss %.4f (heatmap %.4f, box %.4f) val_mAP@0.5 %.3f val_mAP@[.5:.95] %.3f", epoch, epochs,
                seconds, imagesPerSecond, loss, heatmapLoss, boxLoss, valLoss, valHeatmapLoss, valBoxLoss, valMap50,
                valMap50to95);
    }
}
