package dev.facemask.vision.evaluate;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.geometry.Box;

/** Test shorthand for truths and predictions. */
final class Faces {

    static final int CLASSES = 4;

    private Faces() {}

    static Annotation truth(int classId, Box box) {
        return new Annotation(classId, box);
    }

    /** A prediction whose class scores put all the score on its class. */
    static DetectedFace predicted(int classId, double score, Box box) {
        float[] classScores = new float[CLASSES];
        classScores[classId] = (float) score;
        return new DetectedFace(classId, (float) score, classScores, box);
    }

    /** A 0.2 x 0.2 box whose top-left corner is at (x, y). */
    static Box square(double x, double y) {
        return new Box(x, y, x + 0.2, y + 0.2);
    }
}
