package dev.facemask.trainer.explain;

import dev.facemask.inference.BatchPredictor;
import dev.facemask.inference.MappedDetection;
import dev.facemask.inference.Prediction;
import dev.facemask.inference.PredictionMapper;
import dev.facemask.inference.SharedModel;
import dev.facemask.vision.dataset.ImageFiles;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.PreparedImage;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Entry point of {@code ./detector gradcam}: runs the model's {@code gradcam} signature on one
 * image and writes the heatmap over it, with the predicted box and label, as a PNG.
 */
public final class GradCamRunner {

    private GradCamRunner() {}

    /**
     * @param modelDir model folder with a {@code gradcam} signature
     * @param image any image ImageIO reads
     * @param outputPng where to write the overlay
     * @throws dev.facemask.inference.InvalidModelException when the model folder is unusable
     * @throws IOException when the image cannot be read or the PNG written
     */
    public static GradCamResult run(Path modelDir, Path image, Path outputPng) throws IOException {
        try (SharedModel.Lease lease = SharedModel.acquire(modelDir)) {
            return run(lease.predictor(), lease.metadata(), image, outputPng);
        }
    }

    /** Explains one image with a predictor the caller holds. */
    public static GradCamResult run(BatchPredictor predictor, ModelMetadata metadata, Path image, Path outputPng)
            throws IOException {
        BufferedImage original = read(image);
        PreparedImage prepared = metadata.preprocessor().prepare(original);
        Prediction prediction = predictor.predict(List.of(prepared), true).get(0);
        if (!prediction.hasHeatmap()) {
            throw new IllegalStateException("Model " + metadata.name() + " returned no heatmap for " + image);
        }
        BufferedImage overlay = new GradCamOverlay().render(original, prepared.letterbox(), prediction.heatmap(),
                prediction.heatmapSize());
        MappedDetection detection = new PredictionMapper(metadata).map(prediction, prepared.letterbox());
        drawDetection(overlay, detection);
        GradCamOverlay.writePng(overlay, outputPng);
        return new GradCamResult(detection, prediction.heatmapSize(), outputPng);
    }

    private static void drawDetection(BufferedImage overlay, MappedDetection detection) {
        Graphics2D g = overlay.createGraphics();
        try {
            Box px = detection.pixelBox();
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(Math.max(2f, overlay.getWidth() / 200f)));
            g.drawRect((int) Math.round(px.xMin()), (int) Math.round(px.yMin()), (int) Math.round(px.width()),
                    (int) Math.round(px.height()));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, overlay.getWidth() / 30)));
            String label = String.format(Locale.ROOT, "%s %.2f", detection.label(), detection.score());
            int y = (int) Math.max(g.getFontMetrics().getAscent(), Math.round(px.yMin()) - 3);
            g.drawString(label, (int) Math.round(px.xMin()), y);
        } finally {
            g.dispose();
        }
    }

    private static BufferedImage read(Path image) throws IOException {
        if (!Files.isRegularFile(image)) {
            throw new IOException("Image not found: " + image.toAbsolutePath());
        }
        return ImageFiles.read(image); // upright by its EXIF orientation: the pixels the model explains
    }
}
