package dev.facemask.job.decode;

import dev.facemask.schema.ErrorKind;
import dev.facemask.vision.dataset.ImageFiles;
import dev.facemask.vision.image.ExifOrientationReader;
import dev.facemask.vision.image.Orientation;
import dev.facemask.vision.image.OrientationTransform;
import dev.facemask.vision.preprocess.DecodeSubsampling;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes untrusted JPEG and PNG bytes, refusing anything that could hurt the process first.
 *
 * <p>Checks, in order: not empty ({@code EMPTY_IMAGE}); at most {@link ImageLimits#maxBytes()}
 * ({@code TOO_LARGE}); JPEG or PNG magic bytes ({@code UNKNOWN_FORMAT}); width and height read from
 * the header alone, before any pixel is decoded, at most {@link ImageLimits#maxPixels()}
 * ({@code TOO_LARGE}, which stops decompression bombs: a few KB of PNG can claim gigapixels); the
 * {@link DecodeCost memory decoding needs}, from the header's size and pixel type, at most
 * {@link DecodeBudget#maxFrameBytes()} ({@code TOO_LARGE}); a lease of that memory from the JVM's
 * {@link DecodeMemoryPool}, waiting at most {@link DecodeBudget#maxWait()} ({@code TIMEOUT}); then
 * the pixels, where any reader error or warning, such as a truncated JPEG that ImageIO would
 * otherwise fill with grey, is {@code CORRUPT_IMAGE}.
 *
 * <p>Thread-safe: each call uses its own ImageIO reader, in memory (no temporary files). The
 * returned image holds its lease until closed.
 */
public final class SafeImageDecoder {

    private final ImageLimits limits;
    private final DecodeBudget budget;
    private final DecodeMemoryPool pool;

    /** With the {@link DecodeBudget#DEFAULT default budget}. */
    public SafeImageDecoder(ImageLimits limits) {
        this(limits, DecodeBudget.DEFAULT);
    }

    /** With the JVM's shared pool for {@code budget}. */
    public SafeImageDecoder(ImageLimits limits, DecodeBudget budget) {
        this(limits, budget, DecodeMemoryPool.shared(budget.maxJvmBytes()));
    }

    SafeImageDecoder(ImageLimits limits, DecodeBudget budget, DecodeMemoryPool pool) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    public ImageLimits limits() {
        return limits;
    }

    /**
     * The decoded image, holding its decode memory until closed, or the reason it was refused.
     *
     * @throws InterruptedException when interrupted while waiting for decode memory
     */
    public DecodedImage decode(byte[] bytes) throws ImageRejectedException, InterruptedException {
        return decode(bytes, Integer.MAX_VALUE);
    }

    /**
     * As {@link #decode(byte[])}, for a model of {@code inputSize}: only every
     * {@link DecodeSubsampling#step}-th pixel of every such row is decoded, as training and evaluation
     * decode ({@code ImageFiles.readForModel}); the decode memory reserved is still the full image's.
     *
     * @throws InterruptedException when interrupted while waiting for decode memory
     */
    public DecodedImage decode(byte[] bytes, int inputSize) throws ImageRejectedException, InterruptedException {
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
        return read(bytes, format, inputSize);
    }

    private DecodedImage read(byte[] bytes, ImageFormat format, int inputSize) throws ImageRejectedException, InterruptedException {
        ImageReader reader = readerFor(format);
        List<String> warnings = new ArrayList<>();
        DecodeMemoryPool.Lease lease = null;
        boolean handedOver = false;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener(collectInto(warnings));
            DecodeCost cost = checkDimensions(reader, format);
            lease = reserve(cost, format);
            // Phone frames carry an EXIF orientation that ImageIO ignores (issue 9 section 5); the copy
            // turning them may make is counted in DecodeCost.
            Orientation orientation = ExifOrientationReader.read(bytes);
            BufferedImage image = ImageFiles.readSubsampled(reader, inputSize, orientation);
            if (!warnings.isEmpty()) {
                throw corrupt(format, "decoder warning: " + String.join("; ", warnings), null);
            }
            image = OrientationTransform.apply(image, orientation);
            handedOver = true;
            int width = (int) cost.width();
            int height = (int) cost.height();
            return orientation.swapsWidthAndHeight()
                    ? new DecodedImage(image, height, width, format, cost, lease)
                    : new DecodedImage(image, width, height, format, cost, lease);
        } catch (IOException | RuntimeException e) {
            throw corrupt(format, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } finally {
            reader.dispose();
            if (lease != null && !handedOver) {
                lease.close(); // refused after its lease, or an Error: the pixels are garbage now
            }
        }
    }

    /** Waits for the frame's decode memory: at most {@link DecodeBudget#maxWait()}. */
    private DecodeMemoryPool.Lease reserve(DecodeCost cost, ImageFormat format)
            throws ImageRejectedException, InterruptedException {
        Optional<DecodeMemoryPool.Lease> lease = pool.tryAcquire(cost.totalBytes(), budget.maxWait());
        if (lease.isEmpty()) {
            throw new ImageRejectedException(ErrorKind.TIMEOUT, format + " of " + cost.width() + "x" + cost.height()
                    + " pixels needs " + DecodeCost.mib(cost.totalBytes()) + " to decode; waited "
                    + budget.maxWait().toMillis() + " ms while other frames held " + DecodeCost.mib(pool.inUseBytes())
                    + " of this JVM's decode budget of " + DecodeCost.mib(pool.capacityBytes())
                    + " (--max-jvm-decode-bytes)", null);
        }
        return lease.get();
    }

    /**
     * Reads only the header: ImageIO's readers parse up to the size fields and pixel type and stop.
     *
     * @return what decoding will need, within the per-frame budget
     */
    private DecodeCost checkDimensions(ImageReader reader, ImageFormat format) throws IOException, ImageRejectedException {
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw corrupt(format, "header says " + width + "x" + height + " pixels", null);
        }
        if (width * height > limits.maxPixels()) {
            throw new ImageRejectedException(ErrorKind.TOO_LARGE, format + " header says " + width + "x" + height
                    + " = " + width * height + " pixels, more than the limit of " + limits.maxPixels(), null);
        }
        ImageTypeSpecifier type = reader.getImageTypes(0).next();
        DecodeCost cost = DecodeCost.estimate(width, height, type, format);
        if (cost.totalBytes() > budget.maxFrameBytes()) {
            throw new ImageRejectedException(ErrorKind.TOO_LARGE, format + " of " + width + "x" + height
                    + " pixels needs " + cost.describe() + " to decode, more than the per-frame decode budget of "
                    + DecodeCost.mib(budget.maxFrameBytes()) + " (--max-frame-decode-bytes)", null);
        }
        return cost;
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
