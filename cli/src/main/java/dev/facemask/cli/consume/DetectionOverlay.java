package dev.facemask.cli.consume;

import dev.facemask.schema.Box;
import dev.facemask.schema.Detection;
import dev.facemask.schema.GradCam;
import dev.facemask.trainer.explain.GradCamOverlay;
import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.render.BoxPainter;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/** A detection drawn on its frame: the Grad-CAM heatmap when present, then the box and label. */
final class DetectionOverlay {

    private DetectionOverlay() {}

    static BufferedImage draw(BufferedImage frame, Detection d) {
        BufferedImage canvas = frame;
        GradCam cam = d.getGradCam();
        if (cam != null && cam.getWidth() == cam.getHeight()) {
            // The grid covers the padded square model input; the letterbox crops it to the frame.
            Letterbox letterbox = new Letterbox(frame.getWidth(), frame.getHeight(), Math.max(frame.getWidth(), frame.getHeight()));
            canvas = new GradCamOverlay(0.45f).render(frame, letterbox, toArray(cam.getValues()), cam.getWidth());
        } else {
            canvas = copy(frame);
        }
        Graphics2D g = canvas.createGraphics();
        try {
            Box p = d.getBoxPixels();
            BoxPainter.drawBox(g, new dev.facemask.vision.geometry.Box(p.getXMin(), p.getYMin(), p.getXMax(), p.getYMax()),
                    BoxPainter.colorFor(d.getClassId()),
                    String.format(Locale.ROOT, "%s %.0f%%", d.getClassLabel(), 100 * d.getScore()));
        } finally {
            g.dispose();
        }
        return canvas;
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
