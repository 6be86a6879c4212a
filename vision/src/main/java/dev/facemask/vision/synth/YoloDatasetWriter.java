package dev.facemask.vision.synth;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.geometry.Box;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes rendered images in the YOLO-darknet layout: {@code DIR/obj/synth_000000.jpg} + {@code .txt}
 * ({@code class cx cy w h}, one line a face) and {@code DIR/obj.names}. Image {@code i} goes to the
 * worker {@code i mod threads}; since each image is rendered from its own index, the files do not
 * depend on the thread count.
 */
final class YoloDatasetWriter {

    private static final float JPEG_QUALITY = 0.9f;

    private YoloDatasetWriter() {}

    /**
     * Writes images {@code 0..images-1} from {@code render}. Earlier {@code synth_*} files in {@code obj/}
     * are replaced; any other file there makes it stop, so a real dataset is never mixed in.
     */
    static SyntheticDataset write(Path outputDir, List<String> classNames, int images, int threads,
            IntFunction<SyntheticImage> render) throws IOException {
        long start = System.nanoTime();
        Path obj = outputDir.resolve("obj");
        prepare(obj);
        Files.writeString(outputDir.resolve("obj.names"), String.join("\n", classNames) + "\n");
        int[] counts = new int[classNames.size()];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<int[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                futures.add(pool.submit(() -> writeEvery(obj, first, threads, images, counts.length, render)));
            }
            for (Future<int[]> f : futures) {
                int[] c = f.get();
                for (int i = 0; i < counts.length; i++) {
                    counts[i] += c[i];
                }
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
        return new SyntheticDataset(outputDir, images, counts[0], counts[1],
                counts.length > 2 ? counts[2] : 0, millis);
    }

    /** Writes images first, first+step, ...; returns faces per class. */
    private static int[] writeEvery(Path obj, int first, int step, int images, int classes,
            IntFunction<SyntheticImage> render) {
        int[] counts = new int[classes];
        for (int i = first; i < images; i += step) {
            SyntheticImage s = render.apply(i);
            String stem = String.format(Locale.ROOT, "%s%06d", SyntheticFaceGenerator.PREFIX, i);
            StringBuilder labels = new StringBuilder();
            for (Annotation a : s.annotations()) {
                counts[a.classId()]++;
                Box b = a.box();
                labels.append(String.format(Locale.ROOT, "%d %.6f %.6f %.6f %.6f\n",
                        a.classId(), b.centerX(), b.centerY(), b.width(), b.height()));
            }
            try {
                Files.write(obj.resolve(stem + ".jpg"), jpeg(s.image()));
                Files.writeString(obj.resolve(stem + ".txt"), labels.toString(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return counts;
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
                boolean ours = name.startsWith(SyntheticFaceGenerator.PREFIX) && (name.endsWith(".jpg") || name.endsWith(".txt"));
                if (!ours) {
                    throw new IOException("Refusing to write synthetic images into " + obj.toAbsolutePath()
                            + ": it holds other files (" + name + "); choose an empty output folder");
                }
                Files.delete(p);
            }
        }
    }
}
