package dev.facemask.cli.produce;

import dev.facemask.schema.ImageEncoding;

/** One encoded image read from a source, before it becomes a {@code Frame}. */
public record SourceImage(String name, byte[] bytes, ImageEncoding encoding) {

    /** The encoding told by the magic bytes: JPEG {@code FF D8 FF}, PNG {@code 89 50 4E 47}, else UNKNOWN. */
    public static ImageEncoding sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return ImageEncoding.JPEG;
        }
        if (b.length >= 4 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return ImageEncoding.PNG;
        }
        return ImageEncoding.UNKNOWN;
    }
}
