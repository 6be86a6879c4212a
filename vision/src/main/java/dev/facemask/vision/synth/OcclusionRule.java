package dev.facemask.vision.synth;

import dev.facemask.vision.geometry.Box;
import java.util.List;
import java.util.TreeSet;

/**
 * How much of a face a scene may hide. Everything painted after a face (larger faces in front of it,
 * and occluders) may cover at most {@value #MAX_COVERED_SHARE} of its label box, counting the
 * covering shapes' bounding boxes (so the share of painted pixels hidden is at most that), and never
 * any of its {@link #classRegion class region}, where nose, mouth and mask are: the class stays
 * decidable from the pixels. The label box is the whole head, hidden part included.
 *
 * <p>All boxes here are in pixels.
 */
public final class OcclusionRule {

    /** Largest share of a face's box that later shapes' boxes may cover. */
    public static final double MAX_COVERED_SHARE = 0.35;

    private OcclusionRule() {}

    /**
     * The part of a head box that must stay visible: the middle 60% of its width (0.6 of the half-axis
     * either side of the centre), from just above the nose (0.05 of the half-height above the centre)
     * to the chin's curve (0.75 below): nose, mouth and the mask's upper edge in every class.
     */
    public static Box classRegion(Box face) {
        double w = face.width();
        double h = face.height();
        return new Box(face.xMin() + 0.2 * w, face.yMin() + 0.475 * h, face.xMax() - 0.2 * w, face.yMin() + 0.875 * h);
    }

    /** Whether {@code face} may be covered by all of {@code covers}, painted after it. */
    public static boolean allows(Box face, List<Box> covers) {
        Box region = classRegion(face);
        for (Box c : covers) {
            if (intersects(c, region)) {
                return false;
            }
        }
        return coveredShare(face, covers) <= MAX_COVERED_SHARE;
    }

    /** Share of {@code face}'s area under the union of {@code covers}: exact, by coordinate compression. */
    public static double coveredShare(Box face, List<Box> covers) {
        TreeSet<Double> xs = new TreeSet<>(List.of(face.xMin(), face.xMax()));
        TreeSet<Double> ys = new TreeSet<>(List.of(face.yMin(), face.yMax()));
        for (Box c : covers) {
            xs.add(clamp(c.xMin(), face.xMin(), face.xMax()));
            xs.add(clamp(c.xMax(), face.xMin(), face.xMax()));
            ys.add(clamp(c.yMin(), face.yMin(), face.yMax()));
            ys.add(clamp(c.yMax(), face.yMin(), face.yMax()));
        }
        Double[] x = xs.toArray(Double[]::new);
        Double[] y = ys.toArray(Double[]::new);
        double covered = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            for (int j = 0; j + 1 < y.length; j++) {
                double mx = (x[i] + x[i + 1]) / 2;
                double my = (y[j] + y[j + 1]) / 2;
                if (covers.stream().anyMatch(c -> c.contains(mx, my))) {
                    covered += (x[i + 1] - x[i]) * (y[j + 1] - y[j]);
                }
            }
        }
        return face.area() == 0 ? 0 : covered / face.area();
    }

    static boolean intersects(Box a, Box b) {
        return a.xMin() < b.xMax() && b.xMin() < a.xMax() && a.yMin() < b.yMax() && b.yMin() < a.yMax();
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
