package dev.facemask.vision.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the EXIF orientation of a JPEG: the APP1 segment that starts {@code Exif\0\0}, its TIFF header
 * ({@code II} little-endian or {@code MM} big-endian, then 42), and tag 0x0112 in IFD0.
 *
 * <p>Safe on hostile bytes: every offset is checked against the segment before it is read, IFD0's entry
 * count is capped by the bytes present, at most {@value #MAX_SEGMENTS} segments are walked and at most
 * {@value #MAX_PREFIX_BYTES} bytes of a file are read. Anything malformed, missing or out of range
 * (a PNG, a truncated segment, a tag of the wrong type, a value of 0 or 9) means {@link Orientation#NORMAL}:
 * it never throws for the content of the bytes, only {@link IOException} when a file cannot be read.
 *
 * <p>Labels: YOLO and VOC boxes are relative to the displayed (oriented) image, as labelling tools
 * show it, so read pixels with {@link #orient} before applying boxes to them.
 */
public final class ExifOrientationReader {

    /**
     * Bytes of a file searched for the EXIF segment: it comes before the image data, after at most an
     * APP0 and a few APPn segments of at most 64 KB each.
     */
    public static final int MAX_PREFIX_BYTES = 256 * 1024;

    private static final int MAX_SEGMENTS = 64;
    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TYPE_SHORT = 3;

    private ExifOrientationReader() {}

    /** The orientation recorded in the first {@value #MAX_PREFIX_BYTES} bytes of {@code file}. */
    public static Orientation read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in.readNBytes(MAX_PREFIX_BYTES));
        }
    }

    /** The orientation recorded in encoded image bytes (or a prefix of them); NORMAL when there is none. */
    public static Orientation read(byte[] bytes) {
        if (bytes == null || bytes.length < 4 || u8(bytes, 0) != 0xFF || u8(bytes, 1) != 0xD8) {
            return Orientation.NORMAL; // not a JPEG
        }
        int pos = 2;
        for (int segment = 0; segment < MAX_SEGMENTS && pos + 4 <= bytes.length; segment++) {
            if (u8(bytes, pos) != 0xFF) {
                return Orientation.NORMAL;
            }
            int marker = u8(bytes, pos + 1);
            if (marker == 0xFF) {
                pos++; // fill byte before a marker
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return Orientation.NORMAL; // image data or end: no EXIF before it
            }
            int length = u16(bytes, pos + 2, false); // counts its own 2 bytes, not the marker's
            if (length < 2 || pos + 2 + length > bytes.length) {
                return Orientation.NORMAL;
            }
            if (marker == 0xE1 && isExif(bytes, pos + 4, length - 2)) {
                return fromTiff(bytes, pos + 10, length - 8);
            }
            pos += 2 + length;
        }
        return Orientation.NORMAL;
    }

    /**
     * Decoded pixels turned upright for the orientation in their encoded bytes: the call for a decoder
     * that holds both, such as the streaming job's. Returns {@code decoded} itself when upright.
     */
    public static BufferedImage orient(byte[] encoded, BufferedImage decoded) {
        return OrientationTransform.apply(decoded, read(encoded));
    }

    private static boolean isExif(byte[] b, int start, int length) {
        return length >= 6 && b[start] == 'E' && b[start + 1] == 'x' && b[start + 2] == 'i' && b[start + 3] == 'f'
                && b[start + 4] == 0 && b[start + 5] == 0;
    }

    /** IFD0's orientation in the TIFF structure at {@code b[start..start+length)}; offsets are from {@code start}. */
    private static Orientation fromTiff(byte[] b, int start, int length) {
        if (length < 8) {
            return Orientation.NORMAL;
        }
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            little = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            little = false;
        } else {
            return Orientation.NORMAL;
        }
        if (u16(b, start + 2, little) != 42) {
            return Orientation.NORMAL;
        }
        long ifd = u32(b, start + 4, little);
        if (ifd < 8 || ifd + 2 > length) {
            return Orientation.NORMAL;
        }
        int entries = u16(b, start + (int) ifd, little);
        int first = start + (int) ifd + 2;
        int present = (int) ((length - ifd - 2) / 12); // 12 bytes an entry: tag, type, count, value
        for (int i = 0; i < Math.min(entries, present); i++) {
            int entry = first + 12 * i;
            if (u16(b, entry, little) == ORIENTATION_TAG) {
                boolean wellFormed = u16(b, entry + 2, little) == TYPE_SHORT && u32(b, entry + 4, little) == 1;
                // A SHORT value sits in the first 2 of the 4 value bytes, in the file's byte order.
                return wellFormed ? Orientation.fromTag(u16(b, entry + 8, little)) : Orientation.NORMAL;
            }
        }
        return Orientation.NORMAL;
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int u16(byte[] b, int i, boolean little) {
        return little ? u8(b, i) | u8(b, i + 1) << 8 : u8(b, i) << 8 | u8(b, i + 1);
    }

    private static long u32(byte[] b, int i, boolean little) {
        long lo = u16(b, i, little);
        long hi = u16(b, i + 2, little);
        return little ? lo | hi << 16 : lo << 16 | hi;
    }
}
