package dev.facemask.trainer.evaluate;

import java.util.List;

/**
 * Everything measured on one test set.
 *
 * @param evaluated images that were evaluated (skipped ones not included)
 * @param accuracy share of images whose class was predicted right
 * @param perClass one entry per class of the model, by class index
 * @param confusion counts, {@code confusion[trueClass][predictedClass]}
 * @param meanIou mean IoU of the predicted vs the true box on the original frame
 * @param medianIou median of the same IoUs (mean of the two middle values for an even count)
 * @param iouAtLeast50 share of images with IoU of at least 0.5
 * @param map50 mean over classes with support of the AP at IoU 0.5
 */
public record EvaluationMetrics(
        int evaluated,
        double accuracy,
        List<ClassMetrics> perClass,
        int[][] confusion,
        double meanIou,
        double medianIou,
        double iouAtLeast50,
        double map50) {

    public EvaluationMetrics {
        perClass = List.copyOf(perClass);
    }

    /**
     * The accuracy of always answering the most frequent true class: the bar a classifier must clear
     * on imbalanced data, where "mask" alone can score 0.85. 0 when nothing was evaluated.
     */
    public double majorityAccuracy() {
        int most = 0;
        for (int[] row : confusion) {
            most = Math.max(most, java.util.Arrays.stream(row).sum());
        }
        return evaluated == 0 ? 0 : (double) most / evaluated;
    }
}
