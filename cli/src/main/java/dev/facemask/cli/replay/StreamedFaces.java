package dev.facemask.cli.replay;

import dev.facemask.schema.Box;
import dev.facemask.schema.Detection;
import dev.facemask.schema.Face;
import dev.facemask.vision.detect.DetectedFace;
import java.util.ArrayList;
import java.util.List;

/** The faces of a streamed {@link Detection} (contract v2) as the evaluation's {@link DetectedFace}s. */
final class StreamedFaces {

    private StreamedFaces() {}

    /** Boxes normalised to the original frame, as the job wrote them; class scores in model.json's order. */
    static List<DetectedFace> of(Detection d, List<String> classes) {
        List<DetectedFace> out = new ArrayList<>(d.getFaces().size());
        for (Face f : d.getFaces()) {
            float[] scores = new float[classes.size()];
            for (int c = 0; c < scores.length; c++) {
                scores[c] = f.getClassScores().getOrDefault(classes.get(c), 0f);
            }
            Box b = f.getBox();
            out.add(new DetectedFace(f.getClassId(), f.getScore(), scores,
                    new dev.facemask.vision.geometry.Box(b.getXMin(), b.getYMin(), b.getXMax(), b.getYMax())));
        }
        return out;
    }
}
