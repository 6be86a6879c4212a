package dev.facemask.vision.geometry;

/**
 * An axis-aligned box given by its corners, normalised to 0..1 of some frame.
 *
 * <p>Which frame (the original image or the padded model input) is the caller's contract; the
 * {@link dev.facemask.vision.preprocess.Letterbox} maps between the two.
 */
public record Box(double xMin, double yMin, double xMax, double yMax) {

    /** From YOLO-darknet's centre, width and height. */
    public static Box fromCenter(double cx, double cy, double w, double h) {
        return new Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
    }

    /** From the seed's {@code [x_min, y_min, width, height]} layout, which the model regresses. */
    public static Box fromXywh(double x, double y, double w, double h) {
        return new Box(x, y, x + w, y + h);
    }

    public double width() {
        return xMax - xMin;
    }

    public double height() {
        return yMax - yMin;
    }

    public double area() {
        return Math.max(0, width()) * Math.max(0, height());
    }

    public double centerX() {
        return (xMin + xMax) / 2;
    }

    public double centerY() {
        return (yMin + yMax) / 2;
    }

    /** The seed's {@code [x_min, y_min, width, height]}, as the model's box head emits it. */
    public float[] toXywh() {
        return new float[] {(float) xMin, (float) yMin, (float) width(), (float) height()};
    }

    /** Intersection over union; 0 when either box is empty. */
    public double iou(Box other) {
        double inter = intersection(other);
        if (inter <= 0) {
            return 0;
        }
        double union = area() + other.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** The share of this box's area that lies inside {@code other}, 0..1; 0 when this box is empty. */
    public double shareInside(Box other) {
        double inter = intersection(other);
        double area = area();
        return inter <= 0 || area <= 0 ? 0 : inter / area;
    }

    /** The area both boxes cover, 0 when they do not overlap. */
    private double intersection(Box other) {
        double ix = Math.min(xMax, other.xMax) - Math.max(xMin, other.xMin);
        double iy = Math.min(yMax, other.yMax) - Math.max(yMin, other.yMin);
        return ix <= 0 || iy <= 0 ? 0 : ix * iy;
    }

    /** Clipped to the unit square. */
    public Box clamp() {
        return new Box(clamp01(xMin), clamp01(yMin), clamp01(xMax), clamp01(yMax));
    }

    /** Mirrored left to right, for horizontal-flip augmentation. */
    public Box flipHorizontal() {
        return new Box(1 - xMax, yMin, 1 - xMin, yMax);
    }

    /** Scaled to pixels of a {@code width x height} frame. */
    public Box toPixels(int width, int height) {
        return new Box(xMin * width, yMin * height, xMax * width, yMax * height);
    }

    public boolean contains(double x, double y) {
        return x >= xMin && x <= xMax && y >= yMin && y <= yMax;
    }

    private static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
