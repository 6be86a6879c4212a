package dev.facemask.trainer.fit;

import java.util.Locale;

/**
 * Metrics of one epoch: training values are averaged over the epoch's steps (training-mode batch
 * norm, weights changing), validation values come from the model at the end of the epoch.
 *
 * @param epoch 1-based epoch number
 * @param loss mean weighted total loss on the training split
 * @param classLoss mean cross-entropy on the training split
 * @param boxLoss mean box loss on the training split
 * @param accuracy fraction of training images whose arg-max class is right
 * @param iou mean IoU of predicted and true boxes on the training split
 * @param valLoss total loss on the validation split (NaN without one)
 * @param valClassLoss cross-entropy on the validation split
 * @param valBoxLoss box loss on the validation split
 * @param valAccuracy accuracy on the validation split
 * @param valIou mean IoU on the validation split
 * @param imagesPerSecond training throughput of the epoch
 * @param seconds wall time of the epoch including validation
 */
public record EpochMetrics(
        int epoch,
        double loss,
        double classLoss,
        double boxLoss,
        double accuracy,
        double iou,
        double valLoss,
        double valClassLoss,
        double valBoxLoss,
        double valAccuracy,
        double valIou,
        double imagesPerSecond,
        double seconds) {

    /** The one summary line printed after each epoch. */
    public String summaryLine(int epochs) {
        return String.format(Locale.ROOT, "epoch %d/%d - %.1f s - %.1f img/s - loss %.4f (class %.4f, box %.4f)"
                + " acc %.3f iou %.3f - val_loss %.4f (class %.4f, box %.4f) val_acc %.3f val_iou %.3f",
                epoch, epochs, seconds, imagesPerSecond, loss, classLoss, boxLoss, accuracy, iou, valLoss,
                valClassLoss, valBoxLoss, valAccuracy, valIou);
    }
}
