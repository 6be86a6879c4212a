package dev.facemask.trainer.explain;

import dev.facemask.inference.BatchPredictor;
import dev.facemask.inference.MappedDetection;
import dev.facemask.inference.MappedFace;
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
import java.util.ArrayList;
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
    public static ExplainedImage run(Path modelDir, Path image, Path outputPng) throws IOException {
        try (SharedModel.Lease lease = SharedModel.acquire(modelDir)) {
            return run(lease.predictor(), lease.metadata(), image, outputPng);
        }
    }

    /** Explains one image with a predictor the caller holds. */
    public static ExplainedImage run(BatchPredictor predictor, ModelMetadata metadata, Path image, Path outputPng)
            throws IOException {
        BufferedImage original = read(image);
        PreparedImage prepared = metadata.preprocessor().prepare(
                ImageFiles.readForModel(image, metadata.preprocessor().inputSize())); // as the job decodes it
        Prediction prediction = predictor.predict(List.of(prepared), true).get(0);
        if (!prediction.hasHeatmap()) {
            throw new IllegalStateException("Model " + metadata.name() + " returned no heatmap for " + image);
        }
        PredictionMapper mapper = new PredictionMapper(metadata);
        MappedDetection detection = mapper.map(prediction, prepared.letterbox());
        writeOverlay(original, prepared, prediction.heatmap(), prediction.heatmapSize(), detection.pixelBox(),
                detection.label(), detection.score(), outputPng);
        List<Path> facePngs = new ArrayList<>();
        if (metadata.dense()) {
            List<MappedFace> faces = mapper.mapFaces(prediction, prepared.letterbox());
            for (int i = 0; i < faces.size(); i++) {
                if (prediction.faceHeatmap(i) != null) {
                    Path png = facePng(outputPng, facePngs.size() + 1);
                    MappedFace f = faces.get(i);
                    writeOverlay(original, prepared, prediction.faceHeatmap(i), prediction.heatmapSize(), f.pixelBox(),
                            f.label(), f.score(), png);
                    facePngs.add(png);
                }
            }
        }
        return new ExplainedImage(detection, prediction.heatmapSize(), outputPng, facePngs);
    }

    /** {@code out.png} to {@code out-face2.png}. */
    static Path facePng(Path outputPng, int face) {
        String name = outputPng.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : ".png";
        return outputPng.resolveSibling(stem + "-face" + face + ext);
    }

    private static void writeOverlay(BufferedImage original, PreparedImage prepared, float[] heatmap, int size,
            Box pixelBox, String label, float score, Path png) throws IOException {
        BufferedImage overlay = new GradCamOverlay().render(original, prepared.letterbox(), heatmap, size);
        drawBox(overlay, pixelBox, label, score);
        GradCamOverlay.writePng(overlay, png);
    }

    private static void drawBox(BufferedImage overlay, Box px, String labelText, float score) {
        Graphics2D g = overlay.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(Math.max(2f, overlay.getWidth() / 200f)));
            g.drawRect((int) Math.round(px.xMin()), (int) Math.round(px.yMin()), (int) Math.round(px.width()),
                    (int) Math.round(px.height()));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, overlay.getWidth() / 30)));
            String label = String.format(Locale.ROOT, "%s %.2f", labelText, score);
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
        return ImageFiles.read(image); // upright by its EXIF orientation, full size: what the heatmap is drawn on
    }
}
