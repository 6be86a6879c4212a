package dev.facemask.cli.view;

import dev.facemask.schema.Box;
import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.ErrorKind;
import dev.facemask.schema.Face;
import dev.facemask.schema.Frame;
import dev.facemask.schema.GradCam;
import dev.facemask.schema.ImageEncoding;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Frames, detections with known faces, and dead letters, as the job would write them. */
final class ViewRecords {

    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    static final String[] LABELS = {"mask", "no-mask", "mask-worn-incorrectly"};

    private ViewRecords() {}

    /** A JPEG frame of WIDTH x HEIGHT with a grey square where each face is. */
    static Frame frame(String camera, long sequence, long captureMillis, List<Face> faces) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40, 60, 90));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.LIGHT_GRAY);
        for (Face f : faces) {
            Box b = f.getBoxPixels();
            g.fillOval((int) b.getXMin(), (int) b.getYMin(), (int) (b.getXMax() - b.getXMin()), (int) (b.getYMax() - b.getYMin()));
        }
        g.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", jpeg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Frame.newBuilder().setCameraId(camera).setSequence(sequence).setCaptureTime(Instant.ofEpochMilli(captureMillis))
                .setImage(ByteBuffer.wrap(jpeg.toByteArray())).setEncoding(ImageEncoding.JPEG).setWidth(WIDTH).setHeight(HEIGHT)
                .build();
    }

    /** A face of class {@code classId} at normalised {@code x0, y0} of side {@code side}. */
    static Face face(int classId, float score, float x0, float y0, float side, GradCam cam) {
        Box box = new Box(x0, y0, x0 + side, y0 + side);
        Box pixels = new Box(x0 * WIDTH, y0 * HEIGHT, (x0 + side) * WIDTH, (y0 + side) * HEIGHT);
        return Face.newBuilder().setClassId(classId).setClassLabel(LABELS[classId]).setScore(score)
                .setClassScores(Map.of(LABELS[classId], score)).setBox(box).setBoxPixels(pixels).setGradCam(cam).build();
    }

    static Detection detection(String camera, long sequence, long captureMillis, List<Face> faces) {
        List<Face> sorted = new ArrayList<>(faces);
        Face strongest = sorted.isEmpty() ? face(0, 0.1f, 0f, 0f, 0.1f, null) : sorted.get(0);
        int[] counts = new int[3];
        faces.forEach(f -> counts[f.getClassId()]++);
        return Detection.newBuilder().setCameraId(camera).setSequence(sequence).setCaptureTime(Instant.ofEpochMilli(captureMillis))
                .setProcessingTime(Instant.ofEpochMilli(captureMillis + 42)).setModelName("detect-tiny").setModelVersion("7")
                .setClassId(strongest.getClassId()).setClassLabel(strongest.getClassLabel()).setScore(strongest.getScore())
                .setClassScores(strongest.getClassScores()).setBox(strongest.getBox()).setBoxPixels(strongest.getBoxPixels())
                .setInferenceMillis(5f).setBatchSize(1).setFaces(Collections.unmodifiableList(sorted)).setFaceCount(faces.size())
                .setMaskedCount(counts[0]).setUnmaskedCount(counts[1]).setIncorrectlyMaskedCount(counts[2]).build();
    }

    /** A 4 x 4 heatmap, hot in its top-left quarter. */
    static GradCam heatmap() {
        List<Float> values = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            values.add(i % 4 < 2 && i < 8 ? 1f : 0f);
        }
        return new GradCam(4, 4, values, 1, LABELS[1]);
    }

    static DeadLetter deadLetter(String camera, long sequence, ErrorKind kind) {
        return DeadLetter.newBuilder().setCameraId(camera).setSequence(sequence).setPayload(ByteBuffer.wrap(new byte[] {1, 2}))
                .setKind(kind).setMessage("test").setStage("decode").setFailedAt(Instant.ofEpochMilli(1)).build();
    }
}
