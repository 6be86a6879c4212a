package dev.facemask.job.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.inference.Prediction;
import dev.facemask.job.decode.PreparedFrame;
import dev.facemask.schema.Detection;
import dev.facemask.schema.Face;
import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.model.ModelMetadata;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each face of a detection carries its own Grad-CAM, labelled with its own class. */
class DetectionFactoryTest {

    private static final ModelMetadata MODEL = new ModelMetadata("m", "1", "detect-tiny",
            List.of("mask", "no-mask", "incorrect"), 64, 3, ModelMetadata.PREPROCESSING, ModelMetadata.BOX_FORMAT, 2,
            null, "", "", "test");

    @Test
    void shouldGiveEachExplainedFaceItsOwnMapAndTheOthersNone() {
        float[] first = {0f, 1f, 0.5f, 0.25f};
        float[] second = {1f, 0f, 0f, 0f};
        List<DetectedFace> faces = List.of(
                new DetectedFace(1, 0.9f, new float[] {0.1f, 0.9f, 0f}, new Box(0.1, 0.1, 0.3, 0.3)),
                new DetectedFace(0, 0.8f, new float[] {0.8f, 0.1f, 0f}, new Box(0.5, 0.5, 0.7, 0.7)),
                new DetectedFace(2, 0.4f, new float[] {0f, 0f, 0.4f}, new Box(0.6, 0.1, 0.8, 0.3)));
        Prediction prediction = new Prediction(new float[] {0.1f, 0.9f, 0f}, new float[] {0.1f, 0.1f, 0.2f, 0.2f},
                first, 2, faces, Arrays.asList(first, second, null));

        Detection d = new DetectionFactory(MODEL).create(frame(), prediction, 5f, 1);

        assertThat(d.getFaceCount()).isEqualTo(3);
        Face a = d.getFaces().get(0);
        Face b = d.getFaces().get(1);
        assertThat(a.getGradCam().getValues()).containsExactly(0f, 1f, 0.5f, 0.25f);
        assertThat(a.getGradCam().getClassLabel()).isEqualTo("no-mask");
        assertThat(a.getGradCam().getWidth()).isEqualTo(2);
        assertThat(b.getGradCam().getValues()).containsExactly(1f, 0f, 0f, 0f);
        assertThat(b.getGradCam().getClassLabel()).isEqualTo("mask");
        assertThat(d.getFaces().get(2).getGradCam()).isNull();
        assertThat(d.getGradCam().getValues()).isEqualTo(a.getGradCam().getValues());
    }

    @Test
    void shouldGiveNoFaceAMapWithoutGradCam() {
        List<DetectedFace> faces = List.of(
                new DetectedFace(0, 0.8f, new float[] {0.8f, 0.1f, 0f}, new Box(0.5, 0.5, 0.7, 0.7)));
        Prediction prediction = new Prediction(new float[] {0.8f, 0.1f, 0f}, new float[] {0.5f, 0.5f, 0.2f, 0.2f},
                null, 0, faces);

        Detection d = new DetectionFactory(MODEL).create(frame(), prediction, 5f, 1);

        assertThat(d.getGradCam()).isNull();
        assertThat(d.getFaces()).singleElement().satisfies(f -> assertThat(f.getGradCam()).isNull());
    }

    private static PreparedFrame frame() {
        PreparedFrame f = new PreparedFrame();
        f.cameraId = "cam";
        f.sequence = 7;
        f.captureTime = 1_000;
        f.image = new byte[0];
        f.originalWidth = 64;
        f.originalHeight = 64;
        f.inputSize = 64;
        f.channels = 3;
        f.pixels = new float[64 * 64 * 3];
        return f;
    }
}
