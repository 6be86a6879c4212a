package dev.facemask.cli.consume;

import dev.facemask.schema.Box;
import dev.facemask.schema.Detection;
import dev.facemask.schema.Face;
import dev.facemask.schema.GradCam;
import dev.facemask.trainer.explain.GradCamOverlay;
import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.render.BoxPainter;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * A detection drawn on its frame: the Grad-CAM heatmap when present, then every face's box and
 * label (contract v2). A v1 record, with no face list, draws its single box.
 */
public final class DetectionOverlay {

    private DetectionOverlay() {}

    static BufferedImage draw(BufferedImage frame, Detection d) {
        BufferedImage canvas = d.getGradCam() == null ? null : withHeatmap(frame, d.getGradCam());
        if (canvas == null) {
            canvas = copy(frame);
        }
        Graphics2D g = canvas.createGraphics();
        try {
            if (d.getFaces().isEmpty() && isV1(d)) {
                drawFace(g, d.getBoxPixels(), d.getClassId(), d.getClassLabel(), d.getScore());
            }
            for (Face f : d.getFaces()) {
                drawFace(g, f.getBoxPixels(), f.getClassId(), f.getClassLabel(), f.getScore());
            }
        } finally {
            g.dispose();
        }
        return canvas;
    }

    /**
     * A new image: the frame with the heatmap blended over it, or null when the heatmap is not
     * square (it must cover the padded square model input).
     */
    public static BufferedImage withHeatmap(BufferedImage frame, GradCam cam) {
        if (cam.getWidth() != cam.getHeight()) {
            return null;
        }
        // The grid covers the padded square model input; the letterbox crops it to the frame.
        Letterbox letterbox = new Letterbox(frame.getWidth(), frame.getHeight(), Math.max(frame.getWidth(), frame.getHeight()));
        return new GradCamOverlay(0.45f).render(frame, letterbox, toArray(cam.getValues()), cam.getWidth());
    }

    /**
     * A record from a v1 writer reads with v2's defaults: no faces and every count 0. A v2 record of
     * a frame where the dense head found no face reads the same, but its single-face fields then
     * hold the strongest cell, which scored under the reporting threshold; a v1 box is its
     * classifier's answer, at least 0.5 for two classes. So only a confident box is drawn.
     */
    private static boolean isV1(Detection d) {
        return d.getMaskedCount() == 0 && d.getUnmaskedCount() == 0 && d.getIncorrectlyMaskedCount() == 0
                && d.getScore() >= 0.5f;
    }

    private static void drawFace(Graphics2D g, Box p, int classId, String label, float score) {
        BoxPainter.drawBox(g, new dev.facemask.vision.geometry.Box(p.getXMin(), p.getYMin(), p.getXMax(), p.getYMax()),
                BoxPainter.colorFor(classId), String.format(Locale.ROOT, "%s %.0f%%", label, 100 * score));
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static BufferedImage copy(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }
}
