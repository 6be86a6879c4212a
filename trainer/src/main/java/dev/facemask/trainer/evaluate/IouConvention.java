package dev.facemask.trainer.evaluate;

import dev.facemask.vision.geometry.Box;
import java.util.Locale;

/**
 * How a predicted box is scored against the true one.
 *
 * <pre>{@code
 * double iou = IouConvention.NOTEBOOK.iou(truthInModelFrame, predictedInModelFrame, 244);
 * }</pre>
 */
public enum IouConvention {
    /** Exact area overlap of the normalised boxes on the original image (the default). */
    CONTINUOUS,
    /**
     * The seed notebook's: both boxes on the padded {@code side x side} model input, corners
     * truncated to integer pixels as {@code astype("int")} does, and every extent counted
     * inclusively ({@code x2 - x1 + 1}). Small boxes score higher than under {@link #CONTINUOUS},
     * and a box of zero width still covers one pixel column.
     */
    NOTEBOOK;

    /**
     * @param truth true box, normalised to the padded model input
     * @param predicted predicted box, normalised to the padded model input
     * @param side side of the padded model input, pixels ({@code model.json}'s inputSize)
     */
    public double iou(Box truth, Box predicted, int side) {
        if (this == CONTINUOUS) {
            return predicted.iou(truth);
        }
        int[] a = pixels(truth, side);
        int[] b = pixels(predicted, side);
        long iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]) + 1L);
        long ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]) + 1L);
        double inter = (double) iw * ih;
        double union = area(a) + area(b) - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** [x1, y1, x2, y2] in integer pixels of the padded frame, truncated toward zero. */
    private static int[] pixels(Box box, int side) {
        return new int[] {(int) (box.xMin() * side), (int) (box.yMin() * side), (int) (box.xMax() * side),
            (int) (box.yMax() * side)};
    }

    private static double area(int[] p) {
        return (double) Math.max(0, p[2] - p[0] + 1) * Math.max(0, p[3] - p[1] + 1);
    }

    /** Lower-case name as used on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
