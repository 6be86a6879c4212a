package dev.facemask.vision.synth;

import dev.facemask.vision.geometry.Box;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Lays out a scene: how many faces, their sizes, classes and places, and the occluders painted over
 * them, every shape allowed by {@link OcclusionRule}. Faces come back to front, smallest first, so
 * nearer (larger) faces overlap farther ones as in a crowd. All boxes in pixels.
 */
final class ScenePlacer {

    /** The faces and occluders of one scene, each list in paint order. */
    record Layout(List<SceneFace> faces, List<Box> occluders) {}

    /** Positions tried per face; every {@value #SHRINK_EVERY} failures the face shrinks by 15%. */
    private static final int ATTEMPTS = 200;
    private static final int SHRINK_EVERY = 25;
    /** Occluders per image: 0, 1 or 2, each tried at this many positions before it is left out. */
    private static final int MAX_OCCLUDERS = 2;
    private static final int OCCLUDER_ATTEMPTS = 30;

    private ScenePlacer() {}

    /**
     * A face that finds no allowed place in {@value #ATTEMPTS} tries is left out; with the sizes that
     * {@link SceneOptions} accepts this does not happen in practice ({@code SyntheticSceneGeneratorTest}
     * checks the counts).
     */
    static Layout place(int w, int h, SceneOptions options, SplittableRandom rng) {
        IntRange faces = options.faces();
        int count = faces.min() + rng.nextInt(faces.max() - faces.min() + 1);
        double[] heights = heights(Math.min(w, h), count, options.faceSize(), rng);
        List<Box> boxes = new ArrayList<>();
        List<List<Box>> coversOf = new ArrayList<>();
        List<SceneFace> placed = new ArrayList<>();
        for (double height : heights) {
            Box box = placeOne(w, h, height, options.faceSize().min(), boxes, coversOf, rng);
            if (box != null) {
                coversOf.forEach(covers -> covers.add(box));
                boxes.add(box);
                coversOf.add(new ArrayList<>());
                placed.add(new SceneFace(FaceWear.values()[rng.nextInt(FaceWear.values().length)], box));
            }
        }
        List<Box> occluders = new ArrayList<>();
        int wanted = rng.nextInt(MAX_OCCLUDERS + 1);
        for (int i = 0; i < wanted; i++) {
            Box occluder = placeOccluder(w, h, boxes, coversOf, rng);
            if (occluder != null) {
                coversOf.forEach(covers -> covers.add(occluder));
                occluders.add(occluder);
            }
        }
        return new Layout(placed, occluders);
    }

    /** Head heights, pixels, log-uniform in the range, capped so a crowd fits; ascending (back to front). */
    private static double[] heights(int shorter, int count, IntRange size, SplittableRandom rng) {
        double cap = Math.max(size.min(), Math.min(size.max(), 0.8 * shorter / Math.sqrt(count)));
        double logMin = Math.log(size.min());
        double logMax = Math.log(cap);
        double[] heights = new double[count];
        for (int i = 0; i < count; i++) {
            heights[i] = Math.exp(logMin + (logMax - logMin) * rng.nextDouble());
        }
        Arrays.sort(heights);
        return heights;
    }

    private static Box placeOne(int w, int h, double height, int minHeight, List<Box> earlier,
            List<List<Box>> coversOf, SplittableRandom rng) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double hh = Math.max(minHeight, height * Math.pow(0.85, attempt / SHRINK_EVERY));
            double ww = hh * (0.70 + 0.15 * rng.nextDouble()); // heads are taller than wide
            double x = rng.nextDouble() * (w - ww);
            double y = rng.nextDouble() * (h - hh);
            Box box = new Box(x, y, x + ww, y + hh);
            if (allowedOverAll(box, earlier, coversOf)) {
                return box;
            }
        }
        return null;
    }

    /** A sign, pole or shoulder: 8% to 38% of the shorter side in each direction, inside the image. */
    private static Box placeOccluder(int w, int h, List<Box> faces, List<List<Box>> coversOf, SplittableRandom rng) {
        int shorter = Math.min(w, h);
        for (int attempt = 0; attempt < OCCLUDER_ATTEMPTS; attempt++) {
            double ow = shorter * (0.08 + 0.30 * rng.nextDouble());
            double oh = shorter * (0.08 + 0.30 * rng.nextDouble());
            double x = rng.nextDouble() * (w - ow);
            double y = rng.nextDouble() * (h - oh);
            Box box = new Box(x, y, x + ow, y + oh);
            if (allowedOverAll(box, faces, coversOf)) {
                return box;
            }
        }
        return null;
    }

    /** Whether {@code top}, painted over every face so far, keeps each within the rule. */
    private static boolean allowedOverAll(Box top, List<Box> faces, List<List<Box>> coversOf) {
        for (int i = 0; i < faces.size(); i++) {
            if (!OcclusionRule.intersects(top, faces.get(i))) {
                continue;
            }
            List<Box> covers = new ArrayList<>(coversOf.get(i));
            covers.add(top);
            if (!OcclusionRule.allows(faces.get(i), covers)) {
                return false;
            }
        }
        return true;
    }
}
