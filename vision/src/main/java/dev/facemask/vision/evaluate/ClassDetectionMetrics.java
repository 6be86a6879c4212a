package dev.facemask.vision.evaluate;

import java.util.Objects;

/**
 * Average precision of one class over a test set.
 *
 * @param classId class index
 * @param truths labelled faces of the class; a class with none has both APs 0 and is left out of the means
 * @param predictions predictions of the class, at every score
 * @param ap50 VOC2010+ AP at IoU 0.5: VOC matching, all-point interpolation
 * @param ap50to95 COCO AP: COCO matching and 101-point interpolation, averaged over IoU 0.50:0.05:0.95
 * @param curve precision-recall curve at IoU 0.5 (VOC matching), the one {@code ap50} is read from
 */
public record ClassDetectionMetrics(int classId, int truths, int predictions, double ap50, double ap50to95,
        PrecisionRecallCurve curve) {

    public ClassDetectionMetrics {
        Objects.requireNonNull(curve, "curve");
    }

    /** True when the class has truths, so that its APs count in the means. */
    public boolean hasTruths() {
        return truths > 0;
    }
}
