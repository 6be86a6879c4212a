package dev.facemask.vision.dataset;

import dev.facemask.vision.image.ExifOrientationReader;
import dev.facemask.vision.image.Orientation;
import dev.facemask.vision.image.OrientationTransform;
import dev.facemask.vision.preprocess.DecodeSubsampling;
import dev.facemask.vision.preprocess.ModelSizedImage;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads image files and encoded image bytes with ImageIO, with errors that name the file. Refuses
 * images over {@link #MAX_PIXELS} before decoding them, so one hostile file cannot exhaust the heap.
 * Every part of the project that decodes an image from a file or from bytes outside the streaming job
 * (training, evaluation, Grad-CAM, rendering, benchmarks) comes here, so all see the same pixels as the
 * job's {@code SafeImageDecoder}, which applies the same orientation.
 *
 * <p>Images come upright: a JPEG's EXIF orientation (phone photos) is applied, as OpenCV and photo
 * viewers do and ImageIO does not, and {@link #dimensions} gives the displayed size. YOLO and VOC
 * boxes are relative to that displayed image, as labelling tools show it.
 */
public final class ImageFiles {

    /** 64 M pixels (8192 x 8192): 256 MB as an int-RGB image. */
    public static final long MAX_PIXELS = 64L * 1024 * 1024;

    private ImageFiles() {}

    /**
     * Decodes an image (JPEG, PNG, BMP, GIF: what ImageIO reads), turned upright by its EXIF orientation.
     *
     * @throws IOException naming the file when it is missing, not an image, truncated or too large
     */
    public static BufferedImage read(Path file) throws IOException {
        return readForModel(file, Integer.MAX_VALUE).pixels(); // a step of 1: every pixel
    }

    /**
     * Decodes an image for a model of {@code inputSize}, turned upright: only every
     * {@link DecodeSubsampling#step}-th pixel of every such row, with the full image's displayed size.
     * Training, evaluation and the streaming job decode with this rule, so they see the same pixels.
     *
     * @throws IOException naming the file when it is missing, not an image, truncated or too large
     */
    public static ModelSizedImage readForModel(Path file, int inputSize) throws IOException {
        Dimension size = dimensions(file);
        Orientation orientation = ExifOrientationReader.read(file);
        try (ImageInputStream in = open(file)) {
            ImageReader reader = readerFor(in, file);
            try {
                reader.setInput(in, true, true);
                BufferedImage pixels = OrientationTransform.apply(readSubsampled(reader, inputSize, orientation), orientation);
                return new ModelSizedImage(pixels, size.width, size.height);
            } catch (IOException | RuntimeException e) {
                throw new IOException("Unreadable image " + file + " (" + size.width + "x" + size.height + "): " + e.getMessage(), e);
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * Decodes encoded image bytes for a model of {@code inputSize}, as {@link #readForModel(Path, int)}
     * does for a file.
     *
     * @param name what the bytes are, for error messages (a file name, {@code camera-1#42})
     * @throws IOException naming {@code name} when the bytes are not an image, truncated or too large
     */
    public static ModelSizedImage readForModel(byte[] encoded, String name, int inputSize) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            ImageReader reader = readerFor(in, name);
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                checkPixels(width, height, name);
                Orientation orientation = ExifOrientationReader.read(encoded);
                BufferedImage pixels = OrientationTransform.apply(readSubsampled(reader, inputSize, orientation), orientation);
                return orientation.swapsWidthAndHeight()
                        ? new ModelSizedImage(pixels, height, width)
                        : new ModelSizedImage(pixels, width, height);
            } catch (IOException | RuntimeException e) {
                throw new IOException("Unreadable image " + name + ": " + e.getMessage(), e);
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * Reads image 0 of a reader whose input is set, every {@link DecodeSubsampling#step}-th pixel for
     * a model of {@code inputSize}, still as stored; the streaming job's decoder reads through here too.
     * The grid starts at the pixel that {@code orientation} displays top left, so a phone photo turned
     * upright gives exactly the pixels of its upright twin.
     */
    public static BufferedImage readSubsampled(ImageReader reader, int inputSize, Orientation orientation)
            throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        int step = DecodeSubsampling.step(width, height, inputSize);
        ImageReadParam param = reader.getDefaultReadParam();
        if (step > 1) {
            param.setSourceSubsampling(step, step, orientation.reversesStoredX() ? (width - 1) % step : 0,
                    orientation.reversesStoredY() ? (height - 1) % step : 0);
        }
        return reader.read(0, param);
    }

    /**
     * Decodes encoded image bytes (a Kafka frame, a file read earlier), turned upright by their EXIF
     * orientation, as {@link #read(Path)} does for a file.
     *
     * @param name what the bytes are, for error messages (a file name, {@code camera-1#42})
     * @throws IOException naming {@code name} when the bytes are not an image, truncated or too large
     */
    public static BufferedImage read(byte[] encoded, String name) throws IOException {
        return readForModel(encoded, name, Integer.MAX_VALUE).pixels();
    }

    /**
     * Width and height as displayed, from the file header and EXIF orientation, without decoding the
     * pixels: exchanged for orientations 5 to 8.
     *
     * @throws IOException naming the file when it is missing, not an image, or over {@link #MAX_PIXELS}
     */
    public static Dimension dimensions(Path file) throws IOException {
        try (ImageInputStream in = open(file)) {
            ImageReader reader = readerFor(in, file);
            try {
                reader.setInput(in, true, true);
                Dimension d = new Dimension(reader.getWidth(0), reader.getHeight(0));
                checkPixels(d.width, d.height, file.toString());
                return ExifOrientationReader.read(file).swapsWidthAndHeight() ? new Dimension(d.height, d.width) : d;
            } catch (IOException | RuntimeException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("Image " + file)) {
                    throw e;
                }
                throw new IOException("Unreadable image header in " + file + ": " + e.getMessage(), e);
            } finally {
                reader.dispose();
            }
        }
    }

    private static ImageInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Image file not found: " + file.toAbsolutePath());
        }
        ImageInputStream in = ImageIO.createImageInputStream(file.toFile());
        if (in == null) {
            throw new IOException("Cannot open image file " + file.toAbsolutePath());
        }
        return in;
    }

    private static void checkPixels(int width, int height, String name) throws IOException {
        if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
            throw new IOException("Image " + name + " is " + width + "x" + height
                    + " pixels, outside 1.." + MAX_PIXELS + " pixels: refusing to decode it");
        }
    }

    private static ImageReader readerFor(ImageInputStream in, Path file) throws IOException {
        return readerFor(in, file.toAbsolutePath().toString());
    }

    private static ImageReader readerFor(ImageInputStream in, String name) throws IOException {
        Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            if (in != null) {
                in.close();
            }
            throw new IOException("Not an image ImageIO can read (JPEG or PNG expected): " + name);
        }
        return readers.next();
    }
}
