package dev.facemask.vision.evaluate;

import java.util.List;

/**
 * Detection metrics of a whole test set, as {@link DetectionAccumulator#result()} returns them.
 *
 * <p>APs use every prediction fed, whatever its score. The per-image counts and the totals use only
 * predictions at or above {@code operatingScore}, at IoU 0.5 with VOC matching.
 *
 * @param perClass one entry per class index, 0 to classes - 1
 * @param map50 mean of {@code ap50} over classes with truths (PASCAL VOC's mAP); 0 when no class has any
 * @param map50to95 mean of {@code ap50to95} over classes with truths (COCO's AP); 0 when no class has any
 * @param operatingScore the score from which a prediction counts in the per-image counts
 * @param images counts of each image, in the order fed
 * @param truths labelled faces in all images
 * @param predictions predictions at or above the operating score in all images
 * @param truePositives of those, the ones that claimed a truth
 * @param misses truths no prediction at the operating score claimed
 * @param falseAlarms predictions at the operating score that claimed no truth
 */
public record DetectionMetrics(List<ClassDetectionMetrics> perClass, double map50, double map50to95,
        double operatingScore, List<ImageCounts> images, int truths, int predictions, int truePositives, int misses,
        int falseAlarms) {

    public DetectionMetrics {
        perClass = List.copyOf(perClass);
        images = List.copyOf(images);
    }
}
