package dev.facemask.vision.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Finds symbolic-link entries in a zip's central directory. {@code java.util.zip} hides the Unix mode
 * (the high 16 bits of "external attributes" when "version made by" says Unix), so this reads it.
 */
final class ZipSymlinks {

    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int UNIX = 3;
    private static final int S_IFMT = 0xF000;
    private static final int S_IFLNK = 0xA000;
    private static final long MAX_CENTRAL_DIRECTORY = 64L * 1024 * 1024;

    private ZipSymlinks() {}

    /** Entry names (decoded as UTF-8, like {@code java.util.zip.ZipFile}) that are symbolic links. */
    static Set<String> names(Path zip) throws IOException {
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
            long eocd = findEndOfCentralDirectory(ch);
            ByteBuffer end = read(ch, eocd, 22);
            long cdSize = Integer.toUnsignedLong(end.getInt(12));
            long cdOffset = Integer.toUnsignedLong(end.getInt(16));
            if (cdOffset == 0xFFFFFFFFL || cdSize == 0xFFFFFFFFL || (end.getShort(10) & 0xFFFF) == 0xFFFF) {
                ByteBuffer locator = read(ch, eocd - 20, 20);
                if (locator.getInt(0) == ZIP64_LOCATOR) {
                    ByteBuffer z64 = read(ch, locator.getLong(8), 56);
                    if (z64.getInt(0) != ZIP64_EOCD) {
                        throw new UnsafeArchiveException("Corrupt zip64 directory in " + zip);
                    }
                    cdSize = z64.getLong(40);
                    cdOffset = z64.getLong(48);
                }
            }
            if (cdSize < 0 || cdSize > MAX_CENTRAL_DIRECTORY || cdOffset < 0 || cdOffset + cdSize > ch.size()) {
                throw new UnsafeArchiveException("Zip central directory of " + zip + " is corrupt or over "
                        + MAX_CENTRAL_DIRECTORY + " bytes (" + cdSize + " bytes at " + cdOffset + ")");
            }
            return scan(read(ch, cdOffset, (int) cdSize), zip);
        }
    }

    private static Set<String> scan(ByteBuffer cd, Path zip) throws IOException {
        Set<String> links = new HashSet<>();
        int pos = 0;
        while (pos + 46 <= cd.limit() && cd.getInt(pos) == CENTRAL_HEADER) {
            int madeBy = (cd.getShort(pos + 4) & 0xFFFF) >>> 8;
            int nameLen = cd.getShort(pos + 28) & 0xFFFF;
            int extraLen = cd.getShort(pos + 30) & 0xFFFF;
            int commentLen = cd.getShort(pos + 32) & 0xFFFF;
            int mode = cd.getInt(pos + 38) >>> 16;
            if (pos + 46 + nameLen > cd.limit()) {
                throw new UnsafeArchiveException("Corrupt zip central directory entry in " + zip);
            }
            if (madeBy == UNIX && (mode & S_IFMT) == S_IFLNK) {
                byte[] name = new byte[nameLen];
                cd.get(pos + 46, name);
                links.add(new String(name, StandardCharsets.UTF_8));
            }
            pos += 46 + nameLen + extraLen + commentLen;
        }
        return links;
    }

    private static long findEndOfCentralDirectory(FileChannel ch) throws IOException {
        long size = ch.size();
        int window = (int) Math.min(size, 22 + 65535);
        ByteBuffer tail = read(ch, size - window, window);
        for (int i = window - 22; i >= 0; i--) {
            if (tail.getInt(i) == EOCD) {
                return size - window + i;
            }
        }
        throw new UnsafeArchiveException("Not a zip archive (no end of central directory)");
    }

    private static ByteBuffer read(FileChannel ch, long offset, int length) throws IOException {
        if (offset < 0) {
            throw new UnsafeArchiveException("Corrupt zip: negative offset");
        }
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            if (ch.read(buf, offset + buf.position()) < 0) {
                throw new UnsafeArchiveException("Corrupt zip: truncated at " + (offset + buf.position()));
            }
        }
        return buf.flip();
    }
}
