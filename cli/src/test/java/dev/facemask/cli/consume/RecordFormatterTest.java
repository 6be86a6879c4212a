package dev.facemask.cli.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.schema.Box;
import dev.facemask.schema.Detection;
import dev.facemask.schema.Face;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordFormatterTest {

    @Test
    void shouldListEveryFaceOfADenseDetection() {
        Detection d = detection(List.of(face(0, "mask", 0.94f, 10, 20, 50, 70), face(1, "no-mask", 0.71f, 100, 20, 140, 72)),
                0.94f, 1, 1, 0);

        assertThat(RecordFormatter.line(d)).startsWith("door       #7      2 faces (masked 1, unmasked 1, worn incorrectly 0)")
                .endsWith("  mask 94% [10,20,50,70]  no-mask 71% [100,20,140,72]");
    }

    @Test
    void shouldSayThatAFrameHasNoFace() {
        Detection d = detection(List.of(), 0.04f, 0, 0, 0);

        assertThat(RecordFormatter.line(d)).contains("0 faces (masked 0, unmasked 0, worn incorrectly 0)");
    }

    @Test
    void shouldKeepTheSingleFaceLineForOneFace() {
        Detection d = detection(List.of(face(0, "mask", 0.9f, 10, 20, 50, 70)), 0.9f, 1, 0, 0);

        assertThat(RecordFormatter.line(d)).contains("mask", "90.0%", "box [  10,  20,  50,  70] px");
    }

    private static Face face(int classId, String label, float score, float x0, float y0, float x1, float y1) {
        return Face.newBuilder().setClassId(classId).setClassLabel(label).setScore(score).setClassScores(Map.of(label, score))
                .setBox(new Box(0f, 0f, 1f, 1f)).setBoxPixels(new Box(x0, y0, x1, y1)).build();
    }

    private static Detection detection(List<Face> faces, float score, int masked, int unmasked, int incorrect) {
        Face top = faces.isEmpty() ? face(0, "mask", score, 0, 0, 1, 1) : faces.get(0);
        return Detection.newBuilder().setCameraId("door").setSequence(7).setCaptureTime(Instant.ofEpochMilli(1000))
                .setProcessingTime(Instant.ofEpochMilli(1050)).setModelName("m").setModelVersion("1")
                .setClassId(top.getClassId()).setClassLabel(top.getClassLabel()).setScore(score)
                .setClassScores(Map.of()).setBox(top.getBox()).setBoxPixels(top.getBoxPixels()).setInferenceMillis(3f)
                .setBatchSize(2).setFaces(faces).setFaceCount(faces.size()).setMaskedCount(masked)
                .setUnmaskedCount(unmasked).setIncorrectlyMaskedCount(incorrect).build();
    }
}
