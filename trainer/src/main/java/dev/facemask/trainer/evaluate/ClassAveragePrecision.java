package dev.facemask.trainer.evaluate;

/**
 * Detection APs of one class, as {@code report.json} and {@code report.md} show them.
 *
 * @param classId class index
 * @param label class name from {@code model.json}
 * @param faces labelled faces of the class; with none the APs are 0 and left out of the means
 * @param reported predictions of the class at every score
 * @param ap50 PASCAL VOC AP at IoU 0.5, all-point interpolation
 * @param ap50to95 COCO AP averaged over IoU 0.50:0.05:0.95, 101-point interpolation
 */
public record ClassAveragePrecision(int classId, String label, int faces, int reported, double ap50,
        double ap50to95) {}
