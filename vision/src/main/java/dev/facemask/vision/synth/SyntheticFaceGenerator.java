package dev.facemask.vision.synth;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.geometry.Box;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes a synthetic face-mask dataset in the YOLO-darknet layout the real one uses:
 * {@code DIR/obj/synth_000000.jpg} + {@code .txt} ({@code class cx cy w h}) and {@code DIR/obj.names}
 * ({@code mask}, {@code no-mask}). Faces are Java2D cartoons: class 0 wears a large coloured mask over
 * nose and mouth, class 1 shows them. Each image is drawn from its own random stream derived from the
 * seed and its index, so the output is byte-identical for a seed whatever the thread count.
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
    private static final float JPEG_QUALITY = 0.9f;

    private final SyntheticOptions options;

    public SyntheticFaceGenerator(SyntheticOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Writes all images, labels and {@code obj.names}. Earlier {@code synth_*} files in {@code obj/} are
     * replaced; any other file there makes it stop, so a real dataset is never mixed in.
     */
    public SyntheticDataset generate() throws IOException {
        long start = System.nanoTime();
        Path obj = options.outputDir().resolve("obj");
        prepare(obj);
        Files.writeString(options.outputDir().resolve("obj.names"), String.join("\n", CLASS_NAMES) + "\n");
        int[] counts = new int[2];
        ExecutorService pool = Executors.newFixedThreadPool(options.threads());
        try {
            List<Future<int[]>> futures = new ArrayList<>();
            for (int t = 0; t < options.threads(); t++) {
                int first = t;
                futures.add(pool.submit(() -> writeEvery(obj, first, options.threads())));
            }
            for (Future<int[]> f : futures) {
                int[] c = f.get();
                counts[0] += c[0];
                counts[1] += c[1];
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause()
                    : new IOException("Synthetic generation failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while generating", e);
        } finally {
            pool.shutdownNow();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new SyntheticDataset(options.outputDir(), options.images(), counts[0], counts[1], millis);
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

    /** Writes images first, first+step, ...; returns faces per class. */
    private int[] writeEvery(Path obj, int first, int step) {
        int[] counts = new int[2];
        for (int i = first; i < options.images(); i += step) {
            SyntheticImage s = render(i);
            String stem = String.format(Locale.ROOT, "%s%06d", PREFIX, i);
            StringBuilder labels = new StringBuilder();
            for (Annotation a : s.annotations()) {
                counts[a.classId()]++;
                Box b = a.box();
                labels.append(String.format(Locale.ROOT, "%d %.6f %.6f %.6f %.6f\n",
                        a.classId(), b.centerX(), b.centerY(), b.width(), b.height()));
            }
            try {
                Files.write(obj.resolve(stem + ".jpg"), jpeg(s.image()));
                Files.writeString(obj.resolve(stem + ".txt"), labels.toString(),
                        StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return counts;
    }

    private int side(SplittableRandom rng) {
        return options.minSide() + rng.nextInt(options.maxSide() - options.minSide() + 1);
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 * 1024);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static void prepare(Path obj) throws IOException {
        Files.createDirectories(obj);
        try (Stream<Path> s = Files.list(obj)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                boolean ours = name.startsWith(PREFIX) && (name.endsWith(".jpg") || name.endsWith(".txt"));
                if (!ours) {
                    throw new IOException("Refusing to write synthetic images into " + obj.toAbsolutePath()
                            + ": it holds other files (" + name + "); choose an empty output folder");
                }
                Files.delete(p);
            }
        }
    }
}
