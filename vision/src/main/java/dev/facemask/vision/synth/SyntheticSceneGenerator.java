package dev.facemask.vision.synth;

import dev.facemask.vision.geometry.Box;
import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Writes synthetic crowd scenes for a dense multi-face detector, in the same YOLO-darknet layout as
 * {@link SyntheticFaceGenerator} ({@code DIR/obj/synth_000000.jpg} + {@code .txt}, one line a face) with
 * three classes in {@code DIR/obj.names}: {@code mask}, {@code no-mask}, {@code mask-worn-incorrectly}
 * (see {@link FaceWear}). Each image has 1 to 8 faces of 12 to 200 px by default, each class equally
 * likely; larger faces overlap smaller ones and 0 to 2 occluders (signs, poles, shoulders) are painted
 * over them, all within {@link OcclusionRule}: at most 35% of a face's box covered, never its nose and
 * mouth. Byte-identical for a seed and options whatever the thread count.
 *
 * <pre>{@code
 * SyntheticDataset data = new SyntheticSceneGenerator(SceneOptions.builder()
 *         .images(500).seed(7).outputDir(dir).build()).generate();
 * DatasetScan scan = Datasets.open(data.root()); // scan.valid(): every face of every image
 * }</pre>
 */
public final class SyntheticSceneGenerator {

    /** Keeps scene streams apart from the single-face generator's for the same seed and index. */
    private static final long STREAM_SALT = 0x5CE9E5L;

    private final SceneOptions options;

    public SyntheticSceneGenerator(SceneOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Writes all images, labels and {@code obj.names}, replacing an earlier synthetic run in the folder. */
    public SyntheticDataset generate() throws IOException {
        return YoloDatasetWriter.write(options.outputDir(), FaceWear.classNames(), options.images(), options.threads(),
                i -> render(i).toImage());
    }

    /** Draws scene {@code index} in memory, without writing it. Same index, seed and options, same pixels. */
    public SyntheticScene render(int index) {
        SplittableRandom rng = random(index);
        BufferedImage image = background(rng);
        Graphics2D g = graphics(image);
        try {
            ScenePlacer.Layout layout = ScenePlacer.place(image.getWidth(), image.getHeight(), options, rng);
            for (SceneFace face : layout.faces()) {
                Box b = face.box();
                FacePainter.paint(g, b.centerX(), b.centerY(), b.width() / 2, b.height() / 2, face.wear(), rng);
            }
            for (Box occluder : layout.occluders()) {
                paintOccluder(g, occluder, rng);
            }
            return new SyntheticScene(image, layout.faces(), layout.occluders());
        } finally {
            g.dispose();
        }
    }

    /** Scene {@code index}'s background alone, before any face: for tests that find what was painted. */
    BufferedImage background(int index) {
        return background(random(index));
    }

    private SplittableRandom random(int index) {
        return new SplittableRandom((options.seed() ^ STREAM_SALT) * 0x9E3779B97F4A7C15L + index);
    }

    private BufferedImage background(SplittableRandom rng) {
        int w = side(rng);
        int h = side(rng);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(image);
        try {
            BackgroundPainter.paint(image, g, rng);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return g;
    }

    /** A sign (rectangle with a border), a balloon or shoulder (ellipse), or a rounded box, filling its box. */
    private static void paintOccluder(Graphics2D g, Box b, SplittableRandom rng) {
        g.setColor(BackgroundPainter.randomColor(rng));
        switch (rng.nextInt(3)) {
            case 0 -> {
                g.fillRect((int) Math.ceil(b.xMin()), (int) Math.ceil(b.yMin()),
                        (int) (Math.floor(b.xMax()) - Math.ceil(b.xMin())), (int) (Math.floor(b.yMax()) - Math.ceil(b.yMin())));
                g.setColor(BackgroundPainter.randomColor(rng));
                g.setStroke(new BasicStroke(2));
                g.drawRect((int) Math.ceil(b.xMin()) + 2, (int) Math.ceil(b.yMin()) + 2,
                        (int) (Math.floor(b.xMax()) - Math.ceil(b.xMin())) - 5, (int) (Math.floor(b.yMax()) - Math.ceil(b.yMin())) - 5);
            }
            case 1 -> g.fill(new Ellipse2D.Double(b.xMin(), b.yMin(), b.width(), b.height()));
            default -> g.fill(new RoundRectangle2D.Double(b.xMin(), b.yMin(), b.width(), b.height(),
                    b.width() / 4, b.height() / 4));
        }
    }

    private int side(SplittableRandom rng) {
        IntRange side = options.imageSide();
        return side.min() + rng.nextInt(side.max() - side.min() + 1);
    }
}
