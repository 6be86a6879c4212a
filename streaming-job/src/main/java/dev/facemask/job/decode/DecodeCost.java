package dev.facemask.job.decode;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.SampleModel;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageTypeSpecifier;

/**
 * The heap a frame needs from decoding until it is preprocessed, from its header alone.
 *
 * <p>The raster and the copies made of it, measured with ImageIO and Java2D on JDK 17:
 * <ul>
 *   <li>the raster ImageIO decodes into: width x height x bits a pixel (16-bit RGBA: 64 bits, so 40
 *       megapixels take 320 MB);
 *   <li>a second raster while ImageIO's PNG and JPEG readers decode 8-bit RGB or RGBA (not grey, not
 *       16-bit);
 *   <li>a 4-byte ARGB copy of the whole image, which Java2D makes to scale an image of a type it has
 *       no loop for (16-bit, indexed, packed; not 8-bit RGB, RGBA or grey) when the preprocessor draws it;
 *   <li>a second raster for every JPEG: EXIF orientation (issue 9, section 5) copies the image once
 *       when it rotates or mirrors it, which only a JPEG's header can ask for.
 * </ul>
 * The copies follow one another, and each one's source is garbage once it is made, so at most the
 * raster and its largest copy are live at once: that is {@link #totalBytes()}, the budget a frame takes.
 * Decoder buffers (a row, the inflater's window) are small next to these and not counted.
 *
 * @param rasterBytes the decoded raster
 * @param readerCopyBytes the second raster the reader fills for 8-bit RGB or RGBA, or 0
 * @param conversionBytes the ARGB copy Java2D makes to scale it, or 0
 * @param orientationBytes the copy EXIF orientation makes, or 0
 * @param bitsPerPixel bits the raster stores for each pixel
 */
public record DecodeCost(long width, long height, int bitsPerPixel, long rasterBytes, long readerCopyBytes,
        long conversionBytes, long orientationBytes) {

    /** Image types Java2D scales directly, without an ARGB copy of the source. */
    private static final Set<Integer> SCALED_DIRECTLY = Set.of(BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB,
            BufferedImage.TYPE_INT_ARGB_PRE, BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_3BYTE_BGR,
            BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_4BYTE_ABGR_PRE, BufferedImage.TYPE_BYTE_GRAY);

    /** Image types ImageIO's PNG and JPEG readers decode through a second raster (band order). */
    private static final Set<Integer> READER_COPIES = Set.of(BufferedImage.TYPE_3BYTE_BGR,
            BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_4BYTE_ABGR_PRE);

    /** Bytes a pixel of Java2D's ARGB copy. */
    static final int ARGB_BYTES = 4;

    /**
     * @param type what the reader will decode into: the first of {@code ImageReader.getImageTypes(0)},
     *     which ImageIO's {@code read(0)} uses
     */
    public static DecodeCost estimate(long width, long height, ImageTypeSpecifier type, ImageFormat format) {
        int bits = bitsPerPixel(type.getSampleModel());
        long raster = times(ceilDiv(times(width, bits), 8), height);
        long conversion = SCALED_DIRECTLY.contains(type.getBufferedImageType()) ? 0 : times(times(width, height), ARGB_BYTES);
        long readerCopy = READER_COPIES.contains(type.getBufferedImageType()) ? raster : 0;
        long orientation = format == ImageFormat.JPEG ? raster : 0;
        return new DecodeCost(width, height, bits, raster, readerCopy, conversion, orientation);
    }

    /** The most live at once: the raster and its largest copy; {@link Long#MAX_VALUE} when that overflows. */
    public long totalBytes() {
        return plus(rasterBytes, Math.max(readerCopyBytes, Math.max(conversionBytes, orientationBytes)));
    }

    /** Everything decoding and preprocessing allocate, the copies that are garbage by then too. */
    public long allocatedBytes() {
        return plus(plus(plus(rasterBytes, readerCopyBytes), conversionBytes), orientationBytes);
    }

    /**
     * For a dead letter: "454.2 MiB (raster 302.8 MiB at 64 bits a pixel and the largest of its copies:
     * ARGB copy to scale it 151.4 MiB)".
     */
    public String describe() {
        StringBuilder s = new StringBuilder(mib(totalBytes())).append(" (raster ").append(mib(rasterBytes))
                .append(" at ").append(bitsPerPixel).append(" bits a pixel");
        if (allocatedBytes() > rasterBytes) {
            s.append(" and the largest of its copies:");
        }
        if (readerCopyBytes > 0) {
            s.append(" reader copy ").append(mib(readerCopyBytes)).append(',');
        }
        if (conversionBytes > 0) {
            s.append(" ARGB copy to scale it ").append(mib(conversionBytes)).append(',');
        }
        if (orientationBytes > 0) {
            s.append(" EXIF orientation copy ").append(mib(orientationBytes)).append(',');
        }
        s.setLength(s.length() - (s.charAt(s.length() - 1) == ',' ? 1 : 0));
        return s.append(')').toString();
    }

    /** "256.0 MiB". */
    public static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }

    /** Storage bits, not colour bits: an INT_RGB pixel holds 24 bits of colour in 32. */
    static int bitsPerPixel(SampleModel model) {
        if (model instanceof MultiPixelPackedSampleModel packed) {
            return packed.getPixelBitStride();
        }
        return DataBuffer.getDataTypeSize(model.getDataType()) * model.getNumDataElements();
    }

    private static long times(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long plus(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long ceilDiv(long a, long b) {
        return a == Long.MAX_VALUE ? a : (a + b - 1) / b;
    }
}
