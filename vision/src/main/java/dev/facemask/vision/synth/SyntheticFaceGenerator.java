package dev.facemask.vision.synth;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.geometry.Box;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Writes a synthetic face-mask dataset in the YOLO-darknet layout the real one uses:
 * {@code DIR/obj/synth_000000.jpg} + {@code .txt} ({@code class cx cy w h}) and {@code DIR/obj.names}
 * ({@code mask}, {@code no-mask}). Faces are Java2D cartoons: class 0 wears a large coloured mask over
 * nose and mouth, class 1 shows them. Each image is drawn from its own random stream derived from the
 * seed and its index, so the output is byte-identical for a seed whatever the thread count. For
 * several overlapping faces of three classes and sizes down to 12 px, see {@link SyntheticSceneGenerator}.
 *
 * <pre>{@code
 * SyntheticDataset data = new SyntheticFaceGenerator(SyntheticOptions.builder()
 *         .images(600).seed(7).outputDir(dir).build()).generate();
 * DatasetScan scan = Datasets.open(data.root());
 * }</pre>
 */
public final class SyntheticFaceGenerator {

    public static final List<String> CLASS_NAMES = List.of("mask", "no-mask");
    public static final String PREFIX = "synth_";

    /**
     * Head height as a share of the image's shorter side, for one face per image. At 96 px model input
     * a 320x160 image letterboxes to 96x48, so 0.30 still gives a face of about 14 px; 0.15 gave 7 px,
     * too small for the tiny preset to see the mask.
     */
    static final double MIN_FACE = 0.30;
    static final double MAX_FACE = 0.65;

    private final SyntheticOptions options;

    public SyntheticFaceGenerator(SyntheticOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Writes all images, labels and {@code obj.names}. Earlier {@code synth_*} files in {@code obj/} are
     * replaced; any other file there makes it stop, so a real dataset is never mixed in.
     */
    public SyntheticDataset generate() throws IOException {
        return YoloDatasetWriter.write(options.outputDir(), CLASS_NAMES, options.images(), options.threads(), this::render);
    }

    /** Draws image {@code index} in memory, without writing it. Same index and seed, same pixels. */
    public SyntheticImage render(int index) {
        SplittableRandom rng = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + index);
        int w = side(rng);
        int h = side(rng);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            BackgroundPainter.paint(image, g, rng);
            List<Annotation> faces = new ArrayList<>();
            for (Box box : FacePlacer.place(w, h, options.facesPerImage(), MIN_FACE, MAX_FACE, rng)) {
                boolean masked = rng.nextDouble() < options.maskedFraction();
                Box px = box.toPixels(w, h);
                FacePainter.paint(g, px.centerX(), px.centerY(), px.width() / 2, px.height() / 2, masked, rng);
                faces.add(new Annotation(masked ? 0 : 1, box));
            }
            return new SyntheticImage(image, faces);
        } finally {
            g.dispose();
        }
    }

    private int side(SplittableRandom rng) {
        return options.minSide() + rng.nextInt(options.maxSide() - options.minSide() + 1);
    }
}
