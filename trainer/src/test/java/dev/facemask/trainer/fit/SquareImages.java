package dev.facemask.trainer.fit;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.PreparedImage;
import java.util.List;

/** Black test images with white squares as faces, and checks that boxes still sit on their squares. */
final class SquareImages {

    static final int SIDE = 64;

    private SquareImages() {}

    /** A black square image with one white square, labelled {@code classId} by its box. */
    static DenseExample square(Box box, int classId) {
        return squares(new Letterbox(SIDE, SIDE, SIDE), List.of(new Annotation(classId, box)));
    }

    /** A black image of {@code letterbox}'s geometry with a white square for every face. */
    static DenseExample squares(Letterbox letterbox, List<Annotation> faces) {
        float[] px = new float[SIDE * SIDE * 3];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double cx = (x + 0.5) / SIDE;
                double cy = (y + 0.5) / SIDE;
                if (faces.stream().anyMatch(f -> f.box().contains(cx, cy))) {
                    for (int c = 0; c < 3; c++) {
                        px[(y * SIDE + x) * 3 + c] = 1f;
                    }
                }
            }
        }
        return new DenseExample(new PreparedImage(px, letterbox, 3), faces);
    }

    /** Mean red value over the box's pixels, a pixel in from its edges (1 for a box too small to have any). */
    static double meanInside(float[] px, Box b) {
        double sum = 0;
        int n = 0;
        for (int y = (int) Math.ceil(b.yMin() * SIDE + 1); y < (int) Math.floor(b.yMax() * SIDE - 1); y++) {
            for (int x = (int) Math.ceil(b.xMin() * SIDE + 1); x < (int) Math.floor(b.xMax() * SIDE - 1); x++) {
                sum += px[(y * SIDE + x) * 3];
                n++;
            }
        }
        return n == 0 ? 1 : sum / n;
    }

    /** Share of bright pixels more than one pixel away from every box. */
    static double whiteOutside(float[] px, List<Annotation> faces) {
        int white = 0;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double cx = (x + 0.5) / SIDE;
                double cy = (y + 0.5) / SIDE;
                double m = 1.5 / SIDE;
                boolean near = faces.stream().anyMatch(f -> new Box(f.box().xMin() - m, f.box().yMin() - m,
                        f.box().xMax() + m, f.box().yMax() + m).contains(cx, cy));
                if (!near && px[(y * SIDE + x) * 3] > 0.5f) {
                    white++;
                }
            }
        }
        return (double) white / (SIDE * SIDE);
    }
}
