package dev.facemask.vision.testkit;

import dev.facemask.vision.image.Orientation;
import dev.facemask.vision.image.OrientationTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Test JPEGs with an EXIF APP1 segment written byte by byte, as a phone writes it. Other modules' tests
 * use {@link #uprightAs} and {@link #blocks}: a reader that applies the orientation sees exactly the
 * upright image, one that ignores it sees it turned or mirrored.
 */
public final class ExifJpegs {

    /** EXIF type SHORT, the type cameras write the orientation in. */
    public static final int SHORT = 3;

    private ExifJpegs() {}

    /** A lossless-as-possible JPEG (quality 1.0) of {@code image}, without EXIF: SOI, APP0 JFIF, ... */
    public static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(1.0f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** {@code jpeg} with {@code app1} inserted after its APP0 segment, where cameras put it. */
    public static byte[] withApp1(byte[] jpeg, byte[] app1) {
        int app0End = 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF)); // SOI (2) + marker (2) + length
        byte[] out = new byte[jpeg.length + app1.length];
        System.arraycopy(jpeg, 0, out, 0, app0End);
        System.arraycopy(app1, 0, out, app0End, app1.length);
        System.arraycopy(jpeg, app0End, out, app0End + app1.length, jpeg.length - app0End);
        return out;
    }

    /**
     * An APP1 segment: {@code FF E1}, length, {@code Exif\0\0}, a TIFF header in the given byte order
     * and IFD0 with two entries, ImageDescription (0x010E, ASCII) first so the reader has to walk, then
     * Orientation (0x0112) of {@code type} with {@code value}.
     */
    public static byte[] app1(int value, ByteOrder order, int type) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 2 * 12 + 4).order(order);
        tiff.put(order == ByteOrder.LITTLE_ENDIAN ? new byte[] {'I', 'I'} : new byte[] {'M', 'M'});
        tiff.putShort((short) 42).putInt(8); // IFD0 right after the header
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x010E).putShort((short) 2).putInt(4).put(new byte[] {'c', 'a', 't', 0});
        tiff.putShort((short) 0x0112).putShort((short) type).putInt(1).putShort((short) value).putShort((short) 0);
        tiff.putInt(0); // no IFD1
        return segment(tiff.array());
    }

    /** {@code FF E1}, big-endian length (payload + 2), {@code Exif\0\0}, then {@code tiff}. */
    public static byte[] segment(byte[] tiff) {
        ByteBuffer app1 = ByteBuffer.allocate(4 + 6 + tiff.length).order(ByteOrder.BIG_ENDIAN);
        app1.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + 6 + tiff.length));
        app1.put(new byte[] {'E', 'x', 'i', 'f', 0, 0}).put(tiff);
        return app1.array();
    }

    /**
     * A JPEG whose pixels are stored turned and tagged with orientation {@code tag} (1..8), so that it
     * displays as {@code upright}: stored = the inverse of the tag's transform applied to {@code upright}.
     * With {@link #blocks} images, the displayed pixels equal {@code jpeg(upright)}'s exactly.
     */
    public static byte[] uprightAs(BufferedImage upright, int tag) throws IOException {
        // Orientations 6 and 8 turn by 90 degrees one way and the other; the other six are their own inverse.
        int inverse = tag == 6 ? 8 : tag == 8 ? 6 : tag;
        BufferedImage stored = OrientationTransform.apply(upright, Orientation.fromTag(inverse));
        return withApp1(jpeg(stored), app1(tag, ByteOrder.BIG_ENDIAN, SHORT));
    }

    /**
     * A grey image of {@code columns} x {@code rows} flat 16 px blocks, each of its own level (40, 70,
     * 100, ... row by row): 8-aligned, so a JPEG of quality 1.0 keeps every level exactly, and no two
     * orientations of it look alike.
     */
    public static BufferedImage blocks(int columns, int rows) {
        BufferedImage image = new BufferedImage(16 * columns, 16 * rows, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int level = 40 + 30 * ((y / 16) * columns + x / 16);
                image.getRaster().setSample(x, y, 0, Math.min(level, 255));
            }
        }
        return image;
    }

    /** Width, height, then every pixel as ARGB, row by row: equal arrays mean equal images. */
    public static int[] pixels(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] out = new int[2 + w * h];
        out[0] = w;
        out[1] = h;
        image.getRGB(0, 0, w, h, out, 2, w);
        return out;
    }
}
