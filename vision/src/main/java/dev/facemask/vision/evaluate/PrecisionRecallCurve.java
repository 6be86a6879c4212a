package dev.facemask.vision.evaluate;

import java.util.ArrayList;
import java.util.List;

/**
 * The precision-recall curve of one class at one IoU threshold, and the two ways the field reads an
 * average precision off it.
 *
 * <pre>{@code
 * // hits and scores of the class's predictions over the whole test set, best score first
 * PrecisionRecallCurve curve = PrecisionRecallCurve.of(new boolean[] {true, false, true},
 *         new float[] {0.9f, 0.8f, 0.6f}, 3);
 * double voc = curve.allPointAveragePrecision();   // 1/3 * 1 + 1/3 * 2/3 = 0.5556
 * double coco = curve.cocoAveragePrecision();      // 101 recall points
 * }</pre>
 *
 * @param truths labelled faces of the class; 0 makes every AP 0 (callers leave such classes out of means)
 * @param points one per prediction, in rank order
 */
public record PrecisionRecallCurve(int truths, List<PrecisionRecallPoint> points) {

    /** Recall points of COCO's interpolation: 0, 0.01, ..., 1. */
    static final int COCO_RECALL_POINTS = 101;

    public PrecisionRecallCurve {
        points = List.copyOf(points);
        if (truths < 0) {
            throw new IllegalArgumentException("truths must not be negative, was " + truths);
        }
    }

    /**
     * @param hits true positive or not, one per prediction, best score first
     * @param scores the same predictions' scores, same order and length
     * @param truths labelled faces of the class
     */
    public static PrecisionRecallCurve of(boolean[] hits, float[] scores, int truths) {
        if (hits.length != scores.length) {
            throw new IllegalArgumentException("hits and scores must have one entry per prediction; got "
                    + hits.length + " and " + scores.length);
        }
        List<PrecisionRecallPoint> points = new ArrayList<>(hits.length);
        int truePositives = 0;
        for (int i = 0; i < hits.length; i++) {
            truePositives += hits[i] ? 1 : 0;
            double recall = truths == 0 ? 0 : (double) truePositives / truths;
            points.add(new PrecisionRecallPoint(scores[i], recall, (double) truePositives / (i + 1)));
        }
        return new PrecisionRecallCurve(truths, points);
    }

    /**
     * VOC2010+ AP: the area under the curve after precision is made non-increasing (each point takes
     * the best precision at any higher recall), summed at every point where recall changes.
     */
    public double allPointAveragePrecision() {
        if (truths == 0) {
            return 0;
        }
        double[] envelope = envelope();
        double ap = 0;
        double previousRecall = 0;
        for (int i = 0; i < envelope.length; i++) {
            double recall = points.get(i).recall();
            ap += (recall - previousRecall) * envelope[i];
            previousRecall = recall;
        }
        return ap;
    }

    /**
     * COCO AP as pycocotools computes it: the mean, over recall r = 0, 0.01, ..., 1, of the envelope's
     * precision at the first point whose recall reaches r, or 0 when recall never reaches r.
     */
    public double cocoAveragePrecision() {
        if (truths == 0) {
            return 0;
        }
        double[] envelope = envelope();
        double sum = 0;
        int point = 0;
        for (int r = 0; r < COCO_RECALL_POINTS; r++) {
            // r * 0.01 as numpy's linspace(0, 1, 101) computes it; the last one is exactly 1.
            double recall = r == COCO_RECALL_POINTS - 1 ? 1.0 : r * 0.01;
            while (point < envelope.length && points.get(point).recall() < recall) {
                point++;
            }
            sum += point < envelope.length ? envelope[point] : 0;
        }
        return sum / COCO_RECALL_POINTS;
    }

    /** Precision made non-increasing from the right, double[points]. */
    private double[] envelope() {
        double[] envelope = new double[points.size()];
        for (int i = envelope.length - 1; i >= 0; i--) {
            double precision = points.get(i).precision();
            envelope[i] = i == envelope.length - 1 ? precision : Math.max(precision, envelope[i + 1]);
        }
        return envelope;
    }
}
