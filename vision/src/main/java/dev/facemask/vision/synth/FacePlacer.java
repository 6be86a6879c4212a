package dev.facemask.vision.synth;

import dev.facemask.vision.geometry.Box;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Chooses non-overlapping head ellipses inside the image; returns their boxes normalised to it. */
final class FacePlacer {

    private static final int ATTEMPTS = 60;

    private FacePlacer() {}

    /**
     * @param minFace smallest head height as a share of the shorter image side
     * @param maxFace largest head height as a share of the shorter side, divided by sqrt(count) for crowds
     */
    static List<Box> place(int w, int h, int count, double minFace, double maxFace, SplittableRandom rng) {
        double shorter = Math.min(w, h);
        double max = Math.max(minFace, maxFace / Math.sqrt(count));
        List<Box> boxes = new ArrayList<>();
        for (int attempt = 0; boxes.size() < count && attempt < ATTEMPTS * count; attempt++) {
            // Later attempts shrink the range so crowded images still fit every face.
            double shrink = boxes.isEmpty() ? 1 : Math.max(0.4, 1 - attempt / (double) (ATTEMPTS * count));
            double headH = shorter * (minFace + (max - minFace) * rng.nextDouble()) * shrink;
            double headW = headH * (0.70 + 0.15 * rng.nextDouble());
            double x = rng.nextDouble() * (w - headW);
            double y = rng.nextDouble() * (h - headH);
            Box box = new Box(x / w, y / h, (x + headW) / w, (y + headH) / h);
            if (boxes.stream().noneMatch(b -> overlaps(b, box))) {
                boxes.add(box);
            }
        }
        return boxes;
    }

    private static boolean overlaps(Box a, Box b) {
        return a.xMin() < b.xMax() && b.xMin() < a.xMax() && a.yMin() < b.yMax() && b.yMin() < a.yMax();
    }
}
