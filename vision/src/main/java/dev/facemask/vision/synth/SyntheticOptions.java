package dev.facemask.vision.synth;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link SyntheticFaceGenerator} draws and where it writes.
 *
 * <pre>{@code
 * SyntheticOptions options = SyntheticOptions.builder()
 *         .images(600).seed(7).outputDir(Path.of("build/synth")).build();
 * }</pre>
 *
 * @param images number of images to write
 * @param seed same seed, same bytes
 * @param facesPerImage faces in each image; 1 for the seed's single-object detector
 * @param minSide smallest image width or height, pixels
 * @param maxSide largest image width or height, pixels; width and height are drawn independently,
 *     so images range from wide to tall
 * @param maskedFraction probability that a face wears a mask (class 0)
 * @param outputDir dataset folder: images and labels go to {@code outputDir/obj/}, names to {@code outputDir/obj.names}
 * @param threads worker threads; output does not depend on it
 */
public record SyntheticOptions(
        int images, long seed, int facesPerImage, int minSide, int maxSide, double maskedFraction, Path outputDir,
        int threads) {

    public SyntheticOptions {
        Objects.requireNonNull(outputDir, "outputDir");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with defaults: 1 face per image, sides 160..320 px, half masked, one thread per core. */
    public static final class Builder {
        private int images = 100;
        private long seed = 42;
        private int facesPerImage = 1;
        private int minSide = 160;
        private int maxSide = 320;
        private double maskedFraction = 0.5;
        private Path outputDir;
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder() {}

        public Builder images(int images) {
            this.images = images;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder facesPerImage(int facesPerImage) {
            this.facesPerImage = facesPerImage;
            return this;
        }

        /** Range of image widths and heights, pixels. */
        public Builder sideRange(int minSide, int maxSide) {
            this.minSide = minSide;
            this.maxSide = maxSide;
            return this;
        }

        public Builder maskedFraction(double maskedFraction) {
            this.maskedFraction = maskedFraction;
            return this;
        }

        public Builder outputDir(Path outputDir) {
            this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public SyntheticOptions build() {
            if (outputDir == null) {
                throw new IllegalArgumentException("Set outputDir: the folder that will hold obj/ and obj.names");
            }
            if (images <= 0 || facesPerImage <= 0 || facesPerImage > 6 || threads <= 0) {
                throw new IllegalArgumentException("images and threads must be positive and facesPerImage in 1..6; were "
                        + images + ", " + threads + ", " + facesPerImage);
            }
            if (minSide < 64 || maxSide < minSide || maxSide > 4096) {
                throw new IllegalArgumentException("Side range must satisfy 64 <= min <= max <= 4096, was "
                        + minSide + ".." + maxSide);
            }
            if (maskedFraction < 0 || maskedFraction > 1) {
                throw new IllegalArgumentException("maskedFraction must be in 0..1, was " + maskedFraction);
            }
            return new SyntheticOptions(images, seed, facesPerImage, minSide, maxSide, maskedFraction, outputDir, threads);
        }
    }
}
