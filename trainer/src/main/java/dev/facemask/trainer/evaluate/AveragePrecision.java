package dev.facemask.trainer.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Average precision of one class with one box per image, as in PASCAL VOC 2010+: rank the images
 * predicted as the class by score, a hit is the right class with IoU of at least the threshold,
 * and AP is the area under the precision-recall curve after making precision non-increasing
 * (all-point interpolation).
 */
final class AveragePrecision {

    private AveragePrecision() {}

    /**
     * @param outcomes all evaluated images
     * @param classId the class to score
     * @param iouThreshold a detection counts as a hit at IoU at least this
     * @return AP in 0..1; 0 when no image has this true class
     */
    static double of(List<SampleOutcome> outcomes, int classId, double iouThreshold) {
        long positives = outcomes.stream().filter(o -> o.trueClass() == classId).count();
        if (positives == 0) {
            return 0;
        }
        List<SampleOutcome> ranked = new ArrayList<>();
        for (SampleOutcome o : outcomes) {
            if (o.predictedClass() == classId) {
                ranked.add(o);
            }
        }
        // Stable sort: equal scores keep input order, so results do not depend on the JVM.
        ranked.sort(Comparator.comparingDouble(SampleOutcome::score).reversed());
        int n = ranked.size();
        double[] precision = new double[n];
        double[] recall = new double[n];
        int hits = 0;
        for (int i = 0; i < n; i++) {
            SampleOutcome o = ranked.get(i);
            if (o.trueClass() == classId && o.iou() >= iouThreshold) {
                hits++;
            }
            precision[i] = (double) hits / (i + 1);
            recall[i] = (double) hits / positives;
        }
        for (int i = n - 2; i >= 0; i--) {
            precision[i] = Math.max(precision[i], precision[i + 1]);
        }
        double ap = 0;
        double previousRecall = 0;
        for (int i = 0; i < n; i++) {
            ap += (recall[i] - previousRecall) * precision[i];
            previousRecall = recall[i];
        }
        return ap;
    }
}
