package dev.facemask.trainer.evaluate;

/**
 * Metrics of one class.
 *
 * @param classId class index
 * @param label class name from {@code model.json}
 * @param support images whose true class is this one
 * @param predicted images predicted as this class
 * @param precision correct predictions of this class / predictions of this class; 0 when none predicted
 * @param recall correct predictions of this class / support; 0 when the support is 0
 * @param averagePrecision AP at IoU 0.5, all-point interpolation; 0 when the support is 0
 */
public record ClassMetrics(
        int classId, String label, int support, int predicted, double precision, double recall, double averagePrecision) {}
