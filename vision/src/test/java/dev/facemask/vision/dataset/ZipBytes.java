package dev.facemask.vision.dataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes zip archives byte by byte, so a test can make the headers lie as a hostile archive
 * would: names in raw bytes without the UTF-8 flag, sizes that differ from the data (ZIP64 for
 * sizes over 4 GB), Unix symbolic-link modes. Entries are stored (no compression).
 *
 * <pre>{@code
 * ZipBytes.create().entry("obj/a.txt", "data").declaring("huge.bin", "tiny", 10L << 30).write(file);
 * }</pre>
 */
final class ZipBytes {

    private static final int UTF8_FLAG = 1 << 11;
    private static final long ZIP64_MARK = 0xFFFFFFFFL;

    private record Entry(byte[] name, int flags, byte[] data, long declaredSize, int unixMode) {}

    private final List<Entry> entries = new ArrayList<>();

    static ZipBytes create() {
        return new ZipBytes();
    }

    /** An honest regular file with a UTF-8 name. */
    ZipBytes entry(String name, String content) {
        return add(utf8(name), UTF8_FLAG, utf8(content), -1, 0100644);
    }

    /** A regular file whose headers declare {@code declaredSize} bytes whatever the data holds. */
    ZipBytes declaring(String name, String content, long declaredSize) {
        return add(utf8(name), UTF8_FLAG, utf8(content), declaredSize, 0100644);
    }

    /** A name in raw bytes with the UTF-8 flag unset, as old archivers write CP437 or Latin-1 names. */
    ZipBytes rawName(byte[] name, String content) {
        return add(name.clone(), 0, utf8(content), -1, 0100644);
    }

    /** A Unix symbolic link (mode 0120777) to {@code target}. */
    ZipBytes symlink(String name, String target) {
        return add(utf8(name), UTF8_FLAG, utf8(target), -1, 0120777);
    }

    Path write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, toBytes());
    }

    byte[] toBytes() {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        for (Entry e : entries) {
            offsets.add(zip.size());
            zip.writeBytes(header(e, false, 0));
            zip.writeBytes(e.data());
        }
        int cdOffset = zip.size();
        for (int i = 0; i < entries.size(); i++) {
            zip.writeBytes(header(entries.get(i), true, offsets.get(i)));
        }
        int cdSize = zip.size() - cdOffset;
        zip.writeBytes(le(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                .putShort((short) entries.size()).putShort((short) entries.size())
                .putInt(cdSize).putInt(cdOffset).putShort((short) 0).array());
        return zip.toByteArray();
    }

    private ZipBytes add(byte[] name, int flags, byte[] data, long declaredSize, int unixMode) {
        entries.add(new Entry(name, flags, data, declaredSize < 0 ? data.length : declaredSize, unixMode));
        return this;
    }

    /** A local (30 bytes + name + extra) or central (46 + ...) header; sizes from 4 GB go in a ZIP64 extra field. */
    private static byte[] header(Entry e, boolean central, int localOffset) {
        boolean zip64 = e.declaredSize() >= ZIP64_MARK;
        byte[] extra = zip64 ? le(12).putShort((short) 1).putShort((short) 8).putLong(e.declaredSize()).array() : new byte[0];
        CRC32 crc = new CRC32();
        crc.update(e.data());
        ByteBuffer h = le((central ? 46 : 30) + e.name().length + extra.length);
        h.putInt(central ? 0x02014b50 : 0x04034b50);
        if (central) {
            h.putShort((short) (3 << 8 | 45)); // made by Unix, spec 4.5
        }
        h.putShort((short) 45).putShort((short) e.flags()).putShort((short) 0) // version needed, flags, stored
                .putShort((short) 0).putShort((short) 0x21) // time, date (1980-01-01)
                .putInt((int) crc.getValue()).putInt(e.data().length)
                .putInt((int) (zip64 ? ZIP64_MARK : e.declaredSize()))
                .putShort((short) e.name().length).putShort((short) extra.length);
        if (central) {
            h.putShort((short) 0).putShort((short) 0).putShort((short) 0) // comment, disk, internal attributes
                    .putInt(e.unixMode() << 16).putInt(localOffset);
        }
        return h.put(e.name()).put(extra).array();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
