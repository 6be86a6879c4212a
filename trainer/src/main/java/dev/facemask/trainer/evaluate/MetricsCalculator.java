package dev.facemask.trainer.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Pure metric arithmetic over evaluated images: no TensorFlow, no files. */
public final class MetricsCalculator {

    /** IoU from which a box counts as found, for the share and for mAP. */
    public static final double IOU_THRESHOLD = 0.5;

    private MetricsCalculator() {}

    /**
     * @param outcomes at least one evaluated image
     * @param classes class names by index; every class index in the outcomes must be below its size
     * @throws IllegalArgumentException when there is nothing to measure or a class index is unknown
     */
    public static EvaluationMetrics compute(List<SampleOutcome> outcomes, List<String> classes) {
        Objects.requireNonNull(outcomes, "outcomes");
        Objects.requireNonNull(classes, "classes");
        if (outcomes.isEmpty()) {
            throw new IllegalArgumentException("No images were evaluated: there is nothing to measure");
        }
        int[][] confusion = confusion(outcomes, classes.size());
        int correct = 0;
        for (int c = 0; c < classes.size(); c++) {
            correct += confusion[c][c];
        }
        List<ClassMetrics> perClass = perClass(outcomes, classes, confusion);
        double[] ious = outcomes.stream().mapToDouble(SampleOutcome::iou).sorted().toArray();
        long found = Arrays.stream(ious).filter(v -> v >= IOU_THRESHOLD).count();
        double map = perClass.stream().filter(c -> c.support() > 0)
                .mapToDouble(ClassMetrics::averagePrecision).average().orElse(0);
        return new EvaluationMetrics(outcomes.size(), (double) correct / outcomes.size(), perClass, confusion,
                Arrays.stream(ious).average().orElse(0), median(ious), (double) found / ious.length, map);
    }

    private static int[][] confusion(List<SampleOutcome> outcomes, int classCount) {
        int[][] confusion = new int[classCount][classCount];
        for (SampleOutcome o : outcomes) {
            if (o.trueClass() >= classCount || o.predictedClass() >= classCount || o.predictedClass() < 0) {
                throw new IllegalArgumentException("Class index out of range for " + classCount + " classes in "
                        + o.image() + ": true " + o.trueClass() + ", predicted " + o.predictedClass());
            }
            confusion[o.trueClass()][o.predictedClass()]++;
        }
        return confusion;
    }

    private static List<ClassMetrics> perClass(List<SampleOutcome> outcomes, List<String> classes, int[][] confusion) {
        List<ClassMetrics> result = new ArrayList<>(classes.size());
        for (int c = 0; c < classes.size(); c++) {
            int support = 0;
            int predicted = 0;
            for (int other = 0; other < classes.size(); other++) {
                support += confusion[c][other];
                predicted += confusion[other][c];
            }
            int hits = confusion[c][c];
            result.add(new ClassMetrics(c, classes.get(c), support, predicted, ratio(hits, predicted),
                    ratio(hits, support), AveragePrecision.of(outcomes, c, IOU_THRESHOLD)));
        }
        return result;
    }

    private static double ratio(int numerator, int denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    /** Median of sorted values. */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
