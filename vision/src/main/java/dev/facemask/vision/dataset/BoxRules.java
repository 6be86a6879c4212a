package dev.facemask.vision.dataset;

import dev.facemask.vision.geometry.Box;

/** The range checks every reader applies to a box normalised to 0..1. */
final class BoxRules {

    /**
     * Slack for rounding: labels are written with 6 decimals, so a box clipped to the image edge can
     * come back as -0.0000005. 1e-4 is under a pixel for images up to 10,000 pixels wide.
     */
    static final double TOLERANCE = 1e-4;

    private BoxRules() {}

    /** Returns the problem with {@code box}, or null when it lies in 0..1 with a positive size. */
    static String problem(Box box) {
        double[] v = {box.xMin(), box.yMin(), box.xMax(), box.yMax()};
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return "coordinate is not a finite number";
            }
        }
        if (box.width() <= 0 || box.height() <= 0) {
            return "box has zero or negative size (" + fmt(box.width()) + " x " + fmt(box.height()) + ")";
        }
        for (double d : v) {
            if (d < -TOLERANCE || d > 1 + TOLERANCE) {
                return "box corners [" + fmt(v[0]) + ", " + fmt(v[1]) + ", " + fmt(v[2]) + ", " + fmt(v[3])
                        + "] leave the image (0..1)";
            }
        }
        return null;
    }

    private static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.4f", d);
    }
}
