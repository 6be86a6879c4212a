package dev.facemask.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.facemask.vision.preprocess.ColorMode;
import dev.facemask.vision.preprocess.Preprocessor;
import dev.facemask.vision.testkit.Figures;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

/** The decode-memory arithmetic, exact for each pixel type, and checked against what decoding allocates. */
class DecodeCostTest {

    private static final long MP_40 = 6300L * 6300;

    @Test
    void shouldCountA16BitRgbaPngAsItsRasterPlusJava2dsArgbCopy() throws Exception {
        DecodeCost cost = DecodeCost.estimate(6300, 6300, headerType(rgba16(8, 8), "png"), ImageFormat.PNG);
        assertThat(cost.bitsPerPixel()).isEqualTo(64);
        assertThat(cost.rasterBytes()).isEqualTo(8 * MP_40).isEqualTo(317_520_000L);
        assertThat(cost.conversionBytes()).isEqualTo(4 * MP_40);
        assertThat(cost.orientationBytes()).isZero();
        assertThat(cost.totalBytes()).isEqualTo(476_280_000L);
        assertThat(cost.describe())
                .isEqualTo("454.2 MiB (raster 302.8 MiB at 64 bits a pixel and the largest of its copies: ARGB copy to scale it 151.4 MiB)");
    }

    @Test
    void shouldCountAJpegAndAn8BitPngAsTheirRasterAndOneCopy() throws Exception {
        BufferedImage rgb = new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR);
        DecodeCost jpeg = DecodeCost.estimate(6300, 6300, headerType(rgb, "jpeg"), ImageFormat.JPEG);
        assertThat(jpeg.totalBytes()).isEqualTo(2 * 3 * MP_40);
        assertThat(jpeg.allocatedBytes()).isEqualTo(3 * 3 * MP_40);
        assertThat(jpeg.describe()).isEqualTo("227.1 MiB (raster 113.6 MiB at 24 bits a pixel and the largest of"
                + " its copies: reader copy 113.6 MiB, EXIF orientation copy 113.6 MiB)");
        BufferedImage rgba = new BufferedImage(8, 8, BufferedImage.TYPE_4BYTE_ABGR);
        assertThat(DecodeCost.estimate(6300, 6300, headerType(rgba, "png"), ImageFormat.PNG).totalBytes())
                .isEqualTo(2 * 4 * MP_40);
    }

    @Test
    void shouldCountPackedAndSixteenBitGreyPixelsWithJava2dsCopy() throws Exception {
        BufferedImage binary = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_BINARY);
        // 1 bit a pixel, rows padded to whole bytes: 1001 pixels take 126 bytes a row.
        DecodeCost bits = DecodeCost.estimate(1001, 10, headerType(binary, "png"), ImageFormat.PNG);
        assertThat(bits.rasterBytes()).isEqualTo(126 * 10);
        assertThat(bits.conversionBytes()).isEqualTo(4 * 1001 * 10);
        BufferedImage grey16 = new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY);
        assertThat(DecodeCost.estimate(1000, 1000, headerType(grey16, "png"), ImageFormat.PNG).totalBytes())
                .isEqualTo(2_000_000 + 4_000_000);
    }

    @Test
    void shouldSaturateInsteadOfOverflowing() throws Exception {
        DecodeCost cost = DecodeCost.estimate(Integer.MAX_VALUE, Integer.MAX_VALUE,
                headerType(rgba16(8, 8), "png"), ImageFormat.PNG);
        assertThat(cost.totalBytes()).isEqualTo(Long.MAX_VALUE);
    }

    /**
     * Each copy counted is real: what decoding in full and preprocessing allocate for each pixel type is
     * within the parts' sum, give or take the decoder's small buffers (1 MiB here), and the sum is not
     * wildly above it. The job decodes for its model, subsampled, and allocates less than that again:
     * the estimate, and so the lease, is an upper bound there. (A JPEG without EXIF orientation
     * allocates one copy less.)
     */
    @Test
    void shouldCoverTheHeapDecodingAndPreprocessingAllocate() throws Exception {
        Map<String, byte[]> images = Map.of(
                "16-bit RGBA PNG", encode(rgba16(1000, 1000), "png"),
                "8-bit RGB PNG", encode(new BufferedImage(1000, 1000, BufferedImage.TYPE_3BYTE_BGR), "png"),
                "8-bit RGBA PNG", encode(new BufferedImage(1000, 1000, BufferedImage.TYPE_4BYTE_ABGR), "png"),
                "16-bit grey PNG", encode(new BufferedImage(1000, 1000, BufferedImage.TYPE_USHORT_GRAY), "png"),
                "8-bit RGB JPEG", encode(new BufferedImage(1000, 1000, BufferedImage.TYPE_3BYTE_BGR), "jpeg"));
        Preprocessor preprocessor = new Preprocessor(96, ColorMode.RGB);
        ImageDecodeStage stage = new ImageDecodeStage(ImageLimits.DEFAULT, preprocessor);
        SafeImageDecoder decoder = new SafeImageDecoder(ImageLimits.DEFAULT);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (Map.Entry<String, byte[]> image : images.entrySet()) {
            stage.prepare(image.getValue()); // warm up: class loading allocates too
            // The least of three calls: a cache that the JDK's imaging code holds softly can be cleared
            // by a collection between two calls and is then allocated again (seen once in a full suite
            // run: 16-bit grey 10.26 MB instead of 6.26 MB); that is not the per-frame cost.
            long allocated = Long.MAX_VALUE;
            long allocatedForModel = Long.MAX_VALUE;
            for (int call = 0; call < 3; call++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                try (DecodedImage full = decoder.decode(image.getValue())) {
                    preprocessor.prepare(full.image());
                }
                allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
                before = threads.getCurrentThreadAllocatedBytes();
                stage.prepare(image.getValue());
                allocatedForModel = Math.min(allocatedForModel, threads.getCurrentThreadAllocatedBytes() - before);
            }
            long estimate;
            try (DecodedImage decoded = decoder.decode(image.getValue())) {
                estimate = decoded.cost().allocatedBytes();
            }
            Figures.report("%s 1000x1000: allocated %.2f MB in full, %.2f MB for a 96 px model, estimated %.2f MB",
                    image.getKey(), allocated / 1e6, allocatedForModel / 1e6, estimate / 1e6);
            assertThat(allocatedForModel).as(image.getKey() + ", subsampled").isLessThan(allocated);
            assertThat(allocated).as(image.getKey()).isLessThanOrEqualTo(estimate + (1 << 20));
            assertThat(estimate).as(image.getKey() + ", at most twice what it allocates")
                    .isLessThanOrEqualTo(2 * allocated + (1 << 20));
        }
    }

    /** 16-bit RGBA, as ImageIO's PNG reader decodes a 16-bit colour PNG with alpha. */
    static BufferedImage rgba16(int width, int height) {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        return new BufferedImage(model, model.createCompatibleWritableRaster(width, height), false, null);
    }

    static byte[] encode(BufferedImage image, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }

    /** What the reader of {@code image}'s encoding will decode into, read from the header. */
    private static ImageTypeSpecifier headerType(BufferedImage image, String format) throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName(format).next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encode(image, format)))) {
            reader.setInput(in);
            return reader.getImageTypes(0).next();
        } finally {
            reader.dispose();
        }
    }
}
