package dev.facemask.trainer.explain;

import dev.facemask.vision.preprocess.Letterbox;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Draws a Grad-CAM heatmap over the original image, as keras-io's {@code grad_cam.py} does: the
 * heatmap is a coarse grid over the padded model input; crop it to the part that holds the image,
 * upsample it bilinearly to the original size, colour it with the jet map and blend it in.
 */
public final class GradCamOverlay {

    /** Weight of the heatmap colour in the blend, as in the keras example. */
    public static final double DEFAULT_ALPHA = 0.4;

    private final double alpha;

    public GradCamOverlay() {
        this(DEFAULT_ALPHA);
    }

    /** @param alpha weight of the heatmap colour, 0..1 */
    public GradCamOverlay(double alpha) {
        if (alpha < 0 || alpha > 1) {
            throw new IllegalArgumentException("Overlay alpha must be in 0..1, was " + alpha);
        }
        this.alpha = alpha;
    }

    /**
     * @param original the image as read from disk
     * @param letterbox the geometry that prepared it for the model
     * @param heatmap row-major {@code size x size} values in 0..1 over the padded input
     * @param size side of the heatmap grid
     * @return a new RGB image of the original's size
     */
    public BufferedImage render(BufferedImage original, Letterbox letterbox, float[] heatmap, int size) {
        float[] heat = upsample(letterbox, heatmap, size);
        int w = letterbox.originalWidth();
        int h = letterbox.originalHeight();
        if (original.getWidth() != w || original.getHeight() != h) {
            throw new IllegalArgumentException("Letterbox is for " + w + "x" + h + " but the image is "
                    + original.getWidth() + "x" + original.getHeight());
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, blend(original.getRGB(x, y), JetColorMap.rgb(heat[y * w + x])));
            }
        }
        return out;
    }

    /**
     * The heatmap on the original image's pixel grid: float[originalHeight * originalWidth],
     * row-major, values in 0..1. Pixel centres map into the un-padded part of the grid, so the
     * padding's cells never show.
     */
    public static float[] upsample(Letterbox letterbox, float[] heatmap, int size) {
        Objects.requireNonNull(heatmap, "heatmap");
        if (size < 1 || heatmap.length != size * size) {
            throw new IllegalArgumentException("Heatmap has " + heatmap.length + " values; expected " + size + "x" + size);
        }
        int w = letterbox.originalWidth();
        int h = letterbox.originalHeight();
        // Original pixel -> model-input pixel -> heatmap cell, with cell centres at integer + 0.5.
        double toGridX = (double) letterbox.scaledWidth() / w / letterbox.inputSize() * size;
        double toGridY = (double) letterbox.scaledHeight() / h / letterbox.inputSize() * size;
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            double gy = (y + 0.5) * toGridY - 0.5;
            for (int x = 0; x < w; x++) {
                double gx = (x + 0.5) * toGridX - 0.5;
                out[y * w + x] = (float) bilinear(heatmap, size, gx, gy);
            }
        }
        return out;
    }

    private static double bilinear(float[] grid, int size, double gx, double gy) {
        double cx = Math.max(0, Math.min(size - 1, gx));
        double cy = Math.max(0, Math.min(size - 1, gy));
        int x0 = (int) Math.floor(cx);
        int y0 = (int) Math.floor(cy);
        int x1 = Math.min(size - 1, x0 + 1);
        int y1 = Math.min(size - 1, y0 + 1);
        double fx = cx - x0;
        double fy = cy - y0;
        double top = grid[y0 * size + x0] * (1 - fx) + grid[y0 * size + x1] * fx;
        double bottom = grid[y1 * size + x0] * (1 - fx) + grid[y1 * size + x1] * fx;
        return Math.max(0, Math.min(1, top * (1 - fy) + bottom * fy));
    }

    private int blend(int rgb, int heat) {
        int r = mix((rgb >> 16) & 0xff, (heat >> 16) & 0xff);
        int g = mix((rgb >> 8) & 0xff, (heat >> 8) & 0xff);
        int b = mix(rgb & 0xff, heat & 0xff);
        return (r << 16) | (g << 8) | b;
    }

    private int mix(int base, int over) {
        return (int) Math.round(base * (1 - alpha) + over * alpha);
    }

    public static void writePng(BufferedImage image, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("No PNG writer available for " + png);
        }
    }
}
