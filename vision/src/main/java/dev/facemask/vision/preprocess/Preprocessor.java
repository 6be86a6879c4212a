package dev.facemask.vision.preprocess;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.DataBufferInt;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * The one implementation of the seed's preprocessing, shared by the trainer and the streaming job:
 * resize the longer side to {@code inputSize} keeping the aspect ratio, zero-pad at the bottom and
 * right, scale to 0..1, RGB or grayscale.
 */
public final class Preprocessor {

    private final int inputSize;
    private final ColorMode colorMode;

    public Preprocessor(int inputSize, ColorMode colorMode) {
        if (inputSize < 8) {
            throw new IllegalArgumentException("Input size must be at least 8 pixels, was " + inputSize);
        }
        this.inputSize = inputSize;
        this.colorMode = Objects.requireNonNull(colorMode, "colorMode");
    }

    public int inputSize() {
        return inputSize;
    }

    public ColorMode colorMode() {
        return colorMode;
    }

    /** Floats per prepared image: inputSize * inputSize * channels. */
    public int floatsPerImage() {
        return inputSize * inputSize * colorMode.channels();
    }

    /** Prepares a full-resolution image. */
    public PreparedImage prepare(BufferedImage image) {
        return prepare(ModelSizedImage.full(image));
    }

    /**
     * Prepares an image decoded for the model, possibly subsampled ({@link DecodeSubsampling}): the
     * letterbox is the full image's, so boxes map to its pixels, and the decoded pixels fill the
     * same scaled area.
     */
    public PreparedImage prepare(ModelSizedImage decoded) {
        BufferedImage image = decoded.pixels();
        Letterbox box = new Letterbox(decoded.width(), decoded.height(), inputSize);
        BufferedImage padded = new BufferedImage(inputSize, inputSize, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = padded.createGraphics();
        try {
            // Bilinear matches the seed's cv2.resize default (INTER_LINEAR) closely enough.
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, box.scaledWidth(), box.scaledHeight(), null);
        } finally {
            g.dispose();
        }
        return new PreparedImage(toFloats(padded), box, colorMode.channels());
    }

    private float[] toFloats(BufferedImage padded) {
        // TYPE_INT_RGB keeps one 0x00RRGGBB int a pixel: reading it directly gives what getRGB gives
        // (less the alpha byte, masked off below) without getRGB's colour-model call per pixel.
        int[] argb = ((DataBufferInt) padded.getRaster().getDataBuffer()).getData();
        int c = colorMode.channels();
        float[] out = new float[argb.length * c];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            float r = ((p >> 16) & 0xff) / 255f;
            float gr = ((p >> 8) & 0xff) / 255f;
            float b = (p & 0xff) / 255f;
            if (c == 3) {
                out[3 * i] = r;
                out[3 * i + 1] = gr;
                out[3 * i + 2] = b;
            } else {
                // ITU-R BT.601 luma, as OpenCV's COLOR_BGR2GRAY.
                out[i] = 0.299f * r + 0.587f * gr + 0.114f * b;
            }
        }
        return out;
    }
}
