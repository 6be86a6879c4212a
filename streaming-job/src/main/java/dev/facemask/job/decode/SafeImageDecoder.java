package dev.facemask.job.decode;

import dev.facemask.schema.ErrorKind;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes untrusted JPEG and PNG bytes, refusing anything that could hurt the process first.
 *
 * <p>Checks, in order: not empty ({@code EMPTY_IMAGE}); at most {@link ImageLimits#maxBytes()}
 * ({@code TOO_LARGE}); JPEG or PNG magic bytes ({@code UNKNOWN_FORMAT}); width and height read from
 * the header alone, before any pixel is decoded, at most {@link ImageLimits#maxPixels()}
 * ({@code TOO_LARGE}, which stops decompression bombs: a few KB of PNG can claim gigapixels); then
 * the pixels, where any reader error or warning, such as a truncated JPEG that ImageIO would
 * otherwise fill with grey, is {@code CORRUPT_IMAGE}.
 *
 * <p>Thread-safe: each call uses its own ImageIO reader, in memory (no temporary files).
 */
public final class SafeImageDecoder {

    private final ImageLimits limits;

    public SafeImageDecoder(ImageLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public ImageLimits limits() {
        return limits;
    }

    /** The decoded image, or the reason it was refused. */
    public DecodedImage decode(byte[] bytes) throws ImageRejectedException {
        if (bytes == null || bytes.length == 0) {
            throw new ImageRejectedException(ErrorKind.EMPTY_IMAGE, "Image is empty (0 bytes)", null);
        }
        if (bytes.length > limits.maxBytes()) {
            throw new ImageRejectedException(ErrorKind.TOO_LARGE,
                    "Image has " + bytes.length + " bytes, more than the limit of " + limits.maxBytes(), null);
        }
        ImageFormat format = ImageFormat.detect(bytes);
        if (format == null) {
            throw new ImageRejectedException(ErrorKind.UNKNOWN_FORMAT,
                    "Not a JPEG or PNG: the bytes start with " + hexPrefix(bytes), null);
        }
        return new DecodedImage(read(bytes, format), format);
    }

    private BufferedImage read(byte[] bytes, ImageFormat format) throws ImageRejectedException {
        ImageReader reader = readerFor(format);
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener(collectInto(warnings));
            checkDimensions(reader, format);
            BufferedImage image = reader.read(0);
            if (!warnings.isEmpty()) {
                throw corrupt(format, "decoder warning: " + String.join("; ", warnings), null);
            }
            return dev.facemask.vision.image.ExifOrientationReader.orient(bytes, image); // EXIF orientation, issue 9 section 5
        } catch (IOException | RuntimeException e) {
            throw corrupt(format, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }

    /** Reads only the header: ImageIO's readers parse up to the size fields and stop. */
    private void checkDimensions(ImageReader reader, ImageFormat format) throws IOException, ImageRejectedException {
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw corrupt(format, "header says " + width + "x" + height + " pixels", null);
        }
        if (width * height > limits.maxPixels()) {
            throw new ImageRejectedException(ErrorKind.TOO_LARGE, format + " header says " + width + "x" + height
                    + " = " + width * height + " pixels, more than the limit of " + limits.maxPixels(), null);
        }
    }

    private static ImageReader readerFor(ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new IllegalStateException("This JVM has no ImageIO reader for " + format);
        }
        return readers.next();
    }

    private static IIOReadWarningListener collectInto(List<String> warnings) {
        return (source, warning) -> warnings.add(warning);
    }

    private static ImageRejectedException corrupt(ImageFormat format, String detail, Throwable cause) {
        return new ImageRejectedException(ErrorKind.CORRUPT_IMAGE, "Corrupt " + format + ": " + detail, cause);
    }

    private static String hexPrefix(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            hex.append(String.format("%02x", bytes[i] & 0xff));
        }
        return hex.append(bytes.length > 8 ? "..." : "").toString();
    }
}
