package dev.facemask.trainer.fit;

/** Loss of the box head, computed on [x_min, y_min, w, h] in 0..1 of the padded input. */
public enum BoxLoss {
    /** Mean squared error over the 4 numbers, as the seed notebook. */
    MSE,
    /** Huber loss with delta {@link #HUBER_DELTA}: squared near the target, linear far away. */
    HUBER,
    /** 1 - IoU between predicted and true box, averaged over the batch. */
    IOU;

    /** 5% of the image side: errors beyond it grow linearly, not quadratically. */
    public static final float HUBER_DELTA = 0.05f;
}
