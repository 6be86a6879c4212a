package dev.facemask.cli.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.schema.Box;
import dev.facemask.schema.Detection;
import dev.facemask.schema.Face;
import dev.facemask.schema.Frame;
import dev.facemask.schema.ImageEncoding;
import dev.facemask.vision.testkit.ExifJpegs;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code consume --render} draws boxes on the frame as the job saw it: upright by its EXIF orientation. */
class FrameRendererTest {

    private static final BufferedImage UPRIGHT = ExifJpegs.blocks(2, 3); // 32 x 48, portrait

    @Test
    void shouldDrawAPhoneFrameUprightAsTheJobDecodedIt() throws Exception {
        Detection d = detection(face(4, 6, 28, 30));

        BufferedImage fromPlain = FrameRenderer.draw(frame(ExifJpegs.jpeg(UPRIGHT)), d);
        for (int tag : new int[] {3, 6, 8}) {
            BufferedImage fromPhone = FrameRenderer.draw(frame(ExifJpegs.uprightAs(UPRIGHT, tag)), d);

            assertThat(ExifJpegs.pixels(fromPhone)).as("orientation %d", tag).isEqualTo(ExifJpegs.pixels(fromPlain));
        }
        assertThat(fromPlain.getWidth()).isEqualTo(32);
        assertThat(fromPlain.getHeight()).isEqualTo(48);
    }

    @Test
    void shouldDrawNothingForAFrameThatIsNoImage() {
        assertThat(FrameRenderer.draw(frame("not an image".getBytes(StandardCharsets.US_ASCII)), detection(face(0, 0, 1, 1))))
                .isNull();
    }

    private static Frame frame(byte[] image) {
        return Frame.newBuilder().setCameraId("door").setSequence(7).setCaptureTime(Instant.ofEpochMilli(1000))
                .setImage(ByteBuffer.wrap(image)).setEncoding(ImageEncoding.JPEG).build();
    }

    private static Face face(float x0, float y0, float x1, float y1) {
        return Face.newBuilder().setClassId(0).setClassLabel("mask").setScore(0.9f).setClassScores(Map.of("mask", 0.9f))
                .setBox(new Box(x0 / 32, y0 / 48, x1 / 32, y1 / 48)).setBoxPixels(new Box(x0, y0, x1, y1)).build();
    }

    private static Detection detection(Face face) {
        return Detection.newBuilder().setCameraId("door").setSequence(7).setCaptureTime(Instant.ofEpochMilli(1000))
                .setProcessingTime(Instant.ofEpochMilli(1050)).setModelName("m").setModelVersion("1")
                .setClassId(0).setClassLabel("mask").setScore(0.9f).setClassScores(Map.of())
                .setBox(face.getBox()).setBoxPixels(face.getBoxPixels()).setInferenceMillis(3f)
                .setBatchSize(1).setFaces(List.of(face)).setFaceCount(1).setMaskedCount(1)
                .setUnmaskedCount(0).setIncorrectlyMaskedCount(0).build();
    }
}
