package dev.facemask.trainer.evaluate;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.detect.DetectedFace;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Which reported face found each labelled face of one image, whatever their classes, as VOC
 * matches: reported faces from the highest score down, each taking the unmatched labelled face it
 * overlaps most, at IoU 0.5 or more. Shared by the tables that separate finding a face from naming it.
 */
final class FaceMatching {

    /** The IoU from which a reported face finds a labelled one, as in VOC AP@0.5. */
    static final double IOU = 0.5;

    private FaceMatching() {}

    /** For each labelled face, the index in {@code faces} of the face that found it, or -1. */
    static int[] finders(List<Annotation> labelled, List<DetectedFace> faces) {
        int[] finder = new int[labelled.size()];
        Arrays.fill(finder, -1);
        int[] byScore = IntStream.range(0, faces.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer f) -> faces.get(f).score()).reversed())
                .mapToInt(Integer::intValue).toArray();
        for (int f : byScore) {
            int best = -1;
            double bestIou = IOU;
            for (int t = 0; t < labelled.size(); t++) {
                double iou = finder[t] >= 0 ? 0 : labelled.get(t).box().iou(faces.get(f).box());
                if (iou >= bestIou) {
                    best = t;
                    bestIou = iou;
                }
            }
            if (best >= 0) {
                finder[best] = f;
            }
        }
        return finder;
    }

    /** Refuses labels and {@code what} ("faces", "letterboxes") of different image counts. */
    static void checkSameImages(List<?> truths, List<?> others, String what) {
        if (truths.size() != others.size()) {
            throw new IllegalArgumentException("Got labels for " + truths.size() + " images but " + what + " for "
                    + others.size() + "; give both for the same images");
        }
    }
}
