package dev.facemask.vision.evaluate;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.detect.DetectedFace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Greedy matching of one image's predictions to its truths, highest score first, as detection
 * benchmarks do before counting true and false positives.
 *
 * <p>Boxes of both sides must be in the same frame (normally normalised to the original image). IoU
 * is the continuous one of {@link dev.facemask.vision.geometry.Box#iou}, without VOC's +1 on integer
 * pixels.
 *
 * <pre>{@code
 * ImageMatch match = FaceMatcher.match(truths, faces, 0.5, MatchRule.VOC);
 * }</pre>
 */
public final class FaceMatcher {

    /** Best score first. {@link List#sort} is stable, so equal scores keep their input order. */
    static final Comparator<DetectedFace> BY_SCORE = Comparator.comparingDouble((DetectedFace f) -> f.score()).reversed();

    private FaceMatcher() {}

    /**
     * @param truths labelled faces of the image, any number (none for an image without faces)
     * @param predictions reported faces of the image, any order
     * @param iouThreshold a prediction claims a truth at IoU at least this, in (0, 1]
     * @param rule which truth a prediction looks at
     * @throws IllegalArgumentException when the threshold is outside (0, 1] or a score is NaN
     */
    public static ImageMatch match(List<Annotation> truths, List<DetectedFace> predictions, double iouThreshold,
            MatchRule rule) {
        Objects.requireNonNull(truths, "truths");
        Objects.requireNonNull(rule, "rule");
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("IoU threshold must be in (0, 1], was " + iouThreshold);
        }
        boolean[] claimed = new boolean[truths.size()];
        List<MatchedPrediction> matched = new ArrayList<>(predictions.size());
        for (DetectedFace face : rank(predictions)) {
            int truth = rule == MatchRule.VOC
                    ? vocTruth(face, truths, claimed, iouThreshold)
                    : cocoTruth(face, truths, claimed, iouThreshold);
            if (truth >= 0) {
                claimed[truth] = true;
                matched.add(new MatchedPrediction(face, truth, face.box().iou(truths.get(truth).box())));
            } else {
                matched.add(new MatchedPrediction(face, -1, bestIou(face, truths)));
            }
        }
        return new ImageMatch(truths, matched, iouThreshold, rule);
    }

    /** The predictions best score first; equal scores keep their input order. */
    static List<DetectedFace> rank(List<DetectedFace> predictions) {
        Objects.requireNonNull(predictions, "predictions");
        for (DetectedFace face : predictions) {
            if (Float.isNaN(face.score())) {
                throw new IllegalArgumentException("A prediction of class " + face.classId()
                        + " has a NaN score; fix the decoder before evaluating");
            }
        }
        List<DetectedFace> ranked = new ArrayList<>(predictions);
        ranked.sort(BY_SCORE);
        return ranked;
    }

    /** VOC: the most-overlapped truth of the class, or -1 when it is taken or overlaps too little. */
    private static int vocTruth(DetectedFace face, List<Annotation> truths, boolean[] claimed, double threshold) {
        int best = -1;
        double bestIou = -1;
        for (int t = 0; t < truths.size(); t++) {
            Annotation truth = truths.get(t);
            double iou = face.box().iou(truth.box());
            if (truth.classId() == face.classId() && iou > bestIou) {
                best = t;
                bestIou = iou;
            }
        }
        return best >= 0 && bestIou >= threshold && !claimed[best] ? best : -1;
    }

    /** COCO: the most-overlapped free truth of the class at or above the threshold, or -1. */
    private static int cocoTruth(DetectedFace face, List<Annotation> truths, boolean[] claimed, double threshold) {
        int best = -1;
        double bestIou = threshold;
        for (int t = 0; t < truths.size(); t++) {
            Annotation truth = truths.get(t);
            double iou = face.box().iou(truth.box());
            // ">=" as pycocotools' "if iou < best: continue": an equal overlap moves to the later truth.
            if (!claimed[t] && truth.classId() == face.classId() && iou >= bestIou) {
                best = t;
                bestIou = iou;
            }
        }
        return best;
    }

    private static double bestIou(DetectedFace face, List<Annotation> truths) {
        double best = 0;
        for (Annotation truth : truths) {
            if (truth.classId() == face.classId()) {
                best = Math.max(best, face.box().iou(truth.box()));
            }
        }
        return best;
    }
}
