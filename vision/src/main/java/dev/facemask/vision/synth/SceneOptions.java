package dev.facemask.vision.synth;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link SyntheticSceneGenerator} draws and where it writes.
 *
 * <pre>{@code
 * SceneOptions options = SceneOptions.builder()
 *         .images(500).seed(7).faces(new IntRange(1, 8)).imageSide(IntRange.of(320))
 *         .outputDir(Path.of("build/scenes")).build();
 * }</pre>
 *
 * @param images number of images to write
 * @param seed same seed and options, same bytes
 * @param faces faces per image, drawn uniformly from this range; within 1..{@value #MAX_FACES}
 * @param imageSide image width and height, pixels, each drawn uniformly from this range (a single
 *     value gives square images)
 * @param faceSize head box height, pixels, drawn log-uniformly (as many faces from 12 to 24 px as from
 *     100 to 200 px); capped in each image at 0.8 of its shorter side, and smaller in crowded images
 * @param outputDir dataset folder: images and labels go to {@code outputDir/obj/}, names to {@code outputDir/obj.names}
 * @param threads worker threads; output does not depend on it
 */
public record SceneOptions(
        int images, long seed, IntRange faces, IntRange imageSide, IntRange faceSize, Path outputDir, int threads) {

    /** Most faces in one image. */
    public static final int MAX_FACES = 8;

    /** Smallest head a face can be painted at and still show its class: eyes, nose and mask edge, pixels. */
    public static final int MIN_FACE_PX = 8;

    public SceneOptions {
        Objects.requireNonNull(faces, "faces");
        Objects.requireNonNull(imageSide, "imageSide");
        Objects.requireNonNull(faceSize, "faceSize");
        Objects.requireNonNull(outputDir, "outputDir");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with defaults: 1 to 8 faces of 12 to 200 px on 320x320 images, one thread per core. */
    public static final class Builder {
        private int images = 100;
        private long seed = 42;
        private IntRange faces = new IntRange(1, MAX_FACES);
        private IntRange imageSide = IntRange.of(320);
        private IntRange faceSize = new IntRange(12, 200);
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

        public Builder faces(IntRange faces) {
            this.faces = Objects.requireNonNull(faces, "faces");
            return this;
        }

        public Builder imageSide(IntRange imageSide) {
            this.imageSide = Objects.requireNonNull(imageSide, "imageSide");
            return this;
        }

        public Builder faceSize(IntRange faceSize) {
            this.faceSize = Objects.requireNonNull(faceSize, "faceSize");
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

        /** Checks every rule across fields; each message says what to change. */
        public SceneOptions build() {
            if (outputDir == null) {
                throw new IllegalArgumentException("Set outputDir: the folder that will hold obj/ and obj.names");
            }
            if (images <= 0 || threads <= 0) {
                throw new IllegalArgumentException("images and threads must be positive; were " + images + ", " + threads);
            }
            if (faces.min() < 1 || faces.max() > MAX_FACES || faces.min() > faces.max()) {
                throw new IllegalArgumentException("Faces per image must be a range within 1-" + MAX_FACES
                        + " with MIN <= MAX, like 1-8 or 3; was " + faces);
            }
            if (imageSide.min() < 64 || imageSide.max() > 4096 || imageSide.min() > imageSide.max()) {
                throw new IllegalArgumentException("Image size must be a range within 64-4096 pixels with MIN <= MAX, "
                        + "like 320 or 256-640; was " + imageSide);
            }
            if (faceSize.min() < MIN_FACE_PX || faceSize.min() > faceSize.max()
                    || faceSize.min() > 0.8 * imageSide.min() / Math.sqrt(faces.max())) {
                throw new IllegalArgumentException("Face size must be a range of at least " + MIN_FACE_PX
                        + " pixels with MIN <= MAX, and MIN at most 0.8 x the smallest image side / sqrt(most faces) = "
                        + (int) (0.8 * imageSide.min() / Math.sqrt(faces.max())) + " so that every face fits; was " + faceSize);
            }
            return new SceneOptions(images, seed, faces, imageSide, faceSize, outputDir, threads);
        }
    }
}
