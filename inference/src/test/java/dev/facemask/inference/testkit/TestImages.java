package dev.facemask.inference.testkit;

import dev.facemask.vision.preprocess.PreparedImage;
import dev.facemask.vision.preprocess.Preprocessor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic noise images of varying aspect ratio, prepared for a model. */
public final class TestImages {

    private TestImages() {}

    public static BufferedImage noise(Random random, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    /** {@code count} images, alternately landscape, portrait and square, prepared by {@code preprocessor}. */
    public static List<PreparedImage> prepared(Preprocessor preprocessor, int count, long seed) {
        Random random = new Random(seed);
        List<PreparedImage> out = new ArrayList<>(count);
        int[][] sizes = {{40, 24}, {20, 36}, {32, 32}};
        for (int i = 0; i < count; i++) {
            int[] size = sizes[i % sizes.length];
            out.add(preprocessor.prepare(noise(random, size[0], size[1])));
        }
        return out;
    }
}
