package dev.facemask.vision.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a zip's central directory itself, because {@code java.util.zip} hides what
 * {@link ZipUnpacker} must check before it trusts an archive: the Unix mode (symbolic links are
 * the high 16 bits of "external attributes" when "version made by" says Unix), entry names that
 * are not UTF-8 (which {@code ZipFile} refuses with a message naming neither entry nor archive),
 * and the declared sizes, including ZIP64 ones.
 */
final class ZipCentralDirectory {

    /**
     * One central-directory entry.
     *
     * @param name the entry name, decoded as UTF-8 as {@code java.util.zip.ZipFile} does
     * @param symlink true for a Unix symbolic link
     * @param declaredSize uncompressed size the archive claims, bytes (never trusted for allocation)
     */
    record Entry(String name, boolean symlink, long declaredSize) {}

    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int ZIP64_EXTRA = 0x0001;
    private static final long ZIP64_MARK = 0xFFFFFFFFL;
    private static final int UNIX = 3;
    private static final int S_IFMT = 0xF000;
    private static final int S_IFLNK = 0xA000;
    private static final long MAX_CENTRAL_DIRECTORY = 64L * 1024 * 1024;

    private ZipCentralDirectory() {}

    /**
     * @throws UnsafeArchiveException when the directory is corrupt, over 64 MB, or names an entry
     *     in bytes that are not UTF-8
     */
    static List<Entry> read(Path zip) throws IOException {
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
            long eocd = findEndOfCentralDirectory(ch, zip);
            ByteBuffer end = read(ch, eocd, 22);
            long cdSize = Integer.toUnsignedLong(end.getInt(12));
            long cdOffset = Integer.toUnsignedLong(end.getInt(16));
            if (cdOffset == ZIP64_MARK || cdSize == ZIP64_MARK || (end.getShort(10) & 0xFFFF) == 0xFFFF) {
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

    private static List<Entry> scan(ByteBuffer cd, Path zip) throws IOException {
        List<Entry> entries = new ArrayList<>();
        int pos = 0;
        while (pos + 46 <= cd.limit() && cd.getInt(pos) == CENTRAL_HEADER) {
            int madeBy = (cd.getShort(pos + 4) & 0xFFFF) >>> 8;
            long size = Integer.toUnsignedLong(cd.getInt(pos + 24));
            int nameLen = cd.getShort(pos + 28) & 0xFFFF;
            int extraLen = cd.getShort(pos + 30) & 0xFFFF;
            int commentLen = cd.getShort(pos + 32) & 0xFFFF;
            int mode = cd.getInt(pos + 38) >>> 16;
            if (pos + 46 + nameLen + extraLen > cd.limit()) {
                throw new UnsafeArchiveException("Corrupt zip central directory entry in " + zip);
            }
            byte[] name = new byte[nameLen];
            cd.get(pos + 46, name);
            if (size == ZIP64_MARK) {
                size = zip64Size(cd, pos + 46 + nameLen, extraLen, zip);
            }
            boolean link = madeBy == UNIX && (mode & S_IFMT) == S_IFLNK;
            entries.add(new Entry(utf8(name, zip), link, size));
            pos += 46 + nameLen + extraLen + commentLen;
        }
        return entries;
    }

    /** The uncompressed size from a ZIP64 extra field: its first 8 bytes when the header says 0xFFFFFFFF. */
    private static long zip64Size(ByteBuffer cd, int extra, int extraLen, Path zip) throws UnsafeArchiveException {
        for (int p = extra; p + 4 <= extra + extraLen; ) {
            int id = cd.getShort(p) & 0xFFFF;
            int len = cd.getShort(p + 2) & 0xFFFF;
            if (id == ZIP64_EXTRA && len >= 8 && p + 4 + 8 <= extra + extraLen) {
                return cd.getLong(p + 4);
            }
            p += 4 + len;
        }
        throw new UnsafeArchiveException("Corrupt zip central directory entry in " + zip
                + ": size 0xFFFFFFFF without a ZIP64 extra field");
    }

    private static String utf8(byte[] name, Path zip) throws UnsafeArchiveException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(name));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new UnsafeArchiveException("Refusing to unpack " + zip + ": an entry name is not UTF-8 (bytes "
                    + HexFormat.ofDelimiter(" ").formatHex(name) + ", read as '"
                    + new String(name, StandardCharsets.UTF_8) + "'); re-create the archive with UTF-8 names");
        }
    }

    private static long findEndOfCentralDirectory(FileChannel ch, Path zip) throws IOException {
        long size = ch.size();
        int window = (int) Math.min(size, 22 + 65535);
        ByteBuffer tail = read(ch, size - window, window);
        for (int i = window - 22; i >= 0; i--) {
            if (tail.getInt(i) == EOCD) {
                return size - window + i;
            }
        }
        throw new UnsafeArchiveException("Not a zip archive (no end of central directory): " + zip);
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
