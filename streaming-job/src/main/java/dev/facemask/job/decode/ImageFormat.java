package dev.facemask.job.decode;

/** The image formats the job accepts, recognised by their magic bytes (never by the producer's claim). */
public enum ImageFormat {
    /** SOI marker followed by the first marker's 0xFF. */
    JPEG("jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
    /** The 8-byte PNG signature. */
    PNG("png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});

    private final String imageIoName;
    private final byte[] magic;

    ImageFormat(String imageIoName, byte[] magic) {
        this.imageIoName = imageIoName;
        this.magic = magic;
    }

    /** The format name ImageIO knows its reader by. */
    public String imageIoName() {
        return imageIoName;
    }

    /** The format whose magic bytes start {@code bytes}, or null when none does. */
    public static ImageFormat detect(byte[] bytes) {
        for (ImageFormat format : values()) {
            if (startsWith(bytes, format.magic)) {
                return format;
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
