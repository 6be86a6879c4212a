package dev.facemask.trainer.evaluate;

import dev.facemask.vision.evaluate.ClassDetectionMetrics;
import dev.facemask.vision.evaluate.DetectionMetrics;
import dev.facemask.vision.evaluate.ImageCounts;
import java.util.ArrayList;
import java.util.List;

/**
 * The every-face detection part of a report: APs per class, their means, and what was missed or
 * reported in vain. Curves and per-image counts stay out of {@code report.json}; the PR chart and the
 * prediction grid show them.
 *
 * <pre>{@code
 * DetectionSummary detection = DetectionSummary.of(accumulator.result(), metadata.classes());
 * EvaluationReport report = new EvaluationReport(..., createdAt, detection);
 * }</pre>
 *
 * @param perClass one entry per class index
 * @param map50 mean of the VOC AP@0.5 over classes with faces
 * @param map50to95 mean of the COCO AP@[.5:.95] over classes with faces
 * @param operatingScore score from which a prediction counts below, 0..1
 * @param images images evaluated
 * @param faces labelled faces
 * @param reported predictions at or above the operating score
 * @param found of those, the ones on a labelled face of their class (IoU at least 0.5)
 * @param misses labelled faces no such prediction found
 * @param falseAlarms predictions at or above the operating score that found no face
 * @param imagesWithMisses images with at least one miss
 * @param imagesWithFalseAlarms images with at least one false alarm
 */
public record DetectionSummary(List<ClassAveragePrecision> perClass, double map50, double map50to95,
        double operatingScore, int images, int faces, int reported, int found, int misses, int falseAlarms,
        int imagesWithMisses, int imagesWithFalseAlarms) {

    public DetectionSummary {
        perClass = List.copyOf(perClass);
    }

    /**
     * @param metrics what the accumulator measured
     * @param classes class names by index, one per class the accumulator was built for
     */
    public static DetectionSummary of(DetectionMetrics metrics, List<String> classes) {
        if (classes.size() != metrics.perClass().size()) {
            throw new IllegalArgumentException("The metrics have " + metrics.perClass().size() + " classes but "
                    + classes.size() + " names were given; build the accumulator with the model's class count");
        }
        List<ClassAveragePrecision> perClass = new ArrayList<>();
        for (ClassDetectionMetrics c : metrics.perClass()) {
            perClass.add(new ClassAveragePrecision(c.classId(), classes.get(c.classId()), c.truths(),
                    c.predictions(), c.ap50(), c.ap50to95()));
        }
        int withMisses = 0;
        int withFalseAlarms = 0;
        for (ImageCounts image : metrics.images()) {
            withMisses += image.misses() > 0 ? 1 : 0;
            withFalseAlarms += image.falseAlarms() > 0 ? 1 : 0;
        }
        return new DetectionSummary(perClass, metrics.map50(), metrics.map50to95(), metrics.operatingScore(),
                metrics.images().size(), metrics.truths(), metrics.predictions(), metrics.truePositives(),
                metrics.misses(), metrics.falseAlarms(), withMisses, withFalseAlarms);
    }
}
