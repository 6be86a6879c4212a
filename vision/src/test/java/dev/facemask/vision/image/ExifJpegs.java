package dev.facemask.vision.image;

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

/** Test JPEGs with an EXIF APP1 segment written byte by byte, as a phone writes it. */
final class ExifJpegs {

    private ExifJpegs() {}

    /** A lossless-as-possible JPEG (quality 1.0) of {@code image}, without EXIF: SOI, APP0 JFIF, ... */
    static byte[] jpeg(BufferedImage image) throws IOException {
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
    static byte[] withApp1(byte[] jpeg, byte[] app1) {
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
    static byte[] app1(int value, ByteOrder order, int type) {
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
    static byte[] segment(byte[] tiff) {
        ByteBuffer app1 = ByteBuffer.allocate(4 + 6 + tiff.length).order(ByteOrder.BIG_ENDIAN);
        app1.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + 6 + tiff.length));
        app1.put(new byte[] {'E', 'x', 'i', 'f', 0, 0}).put(tiff);
        return app1.array();
    }
}
