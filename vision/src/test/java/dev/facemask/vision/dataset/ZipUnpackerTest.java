package dev.facemask.vision.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipUnpackerTest {

    @TempDir
    Path dir;

    @Test
    void shouldUnpackFilesAndFoldersThenSkipWhenAlreadyUnpacked() throws IOException {
        Path zip = Fixtures.zip(dir.resolve("archive.zip"), "obj/a.txt", "0 0.5 0.5 0.2 0.2\n", "obj.names", "mask\n");
        Path target = dir.resolve("out");

        ZipUnpacker.withDefaults().unpack(zip, target);
        Files.writeString(target.resolve("obj/a.txt"), "edited");
        ZipUnpacker.withDefaults().unpack(zip, target);

        assertThat(ZipUnpacker.isUnpacked(target)).isTrue();
        assertThat(Files.readString(target.resolve("obj/a.txt"))).isEqualTo("edited");
        assertThat(Files.readString(target.resolve("obj.names"))).isEqualTo("mask\n");
        assertThat(listNames(dir)).containsExactlyInAnyOrder("archive.zip", "out");
    }

    @Test
    void shouldRejectParentTraversalAndWriteNothingOutsideOrInside() throws IOException {
        Path zip = Fixtures.zip(dir.resolve("in/evil.zip"), "ok.txt", "fine", "../evil.txt", "pwned");
        Path target = dir.resolve("in/out");

        assertThatThrownBy(() -> ZipUnpacker.withDefaults().unpack(zip, target))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessage("Refusing to unpack " + zip + ": entry '../evil.txt' climbs out with '..'");
        assertThat(dir.resolve("in/evil.txt")).doesNotExist();
        assertThat(target).doesNotExist();
        assertThat(listNames(dir.resolve("in"))).containsExactly("evil.zip");
    }

    @Test
    void shouldRejectNestedTraversalAbsoluteDriveAndBackslashNames() throws IOException {
        for (String name : List.of("a/../../evil.txt", "/tmp/evil.txt", "C:/evil.txt", "..\\evil.txt")) {
            Path zip = Fixtures.zip(dir.resolve("z.zip"), name, "pwned");
            assertThatThrownBy(() -> ZipUnpacker.withDefaults().unpack(zip, dir.resolve("out")))
                    .as(name)
                    .isInstanceOf(UnsafeArchiveException.class)
                    .hasMessageStartingWith("Refusing to unpack " + zip + ": entry '" + name + "'");
            Files.delete(zip);
        }
        assertThat(listNames(dir)).isEmpty();
        assertThat(Path.of("/tmp/evil.txt")).doesNotExist();
    }

    @Test
    void shouldSkipSymlinkEntries() throws IOException {
        Path zip = Fixtures.zip(dir.resolve("links.zip"), "link", "/etc/passwd", "real.txt", "data");
        markAsUnixSymlink(zip, "link");

        Path target = ZipUnpacker.withDefaults().unpack(zip, dir.resolve("out"));

        assertThat(listNames(target)).containsExactlyInAnyOrder("real.txt", ZipUnpacker.MARKER);
        assertThat(Files.readString(target.resolve("real.txt"))).isEqualTo("data");
    }

    @Test
    void shouldCapInflatedBytesNotDeclaredSizesAndCleanUp() throws IOException {
        Path zip = dir.resolve("bomb.zip");
        try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(os)) {
            out.putNextEntry(new ZipEntry("zeros.bin"));
            out.write(new byte[3 * 1024 * 1024]); // deflates to a few kB
            out.closeEntry();
        }
        assertThat(Files.size(zip)).isLessThan(64 * 1024);
        ZipUnpacker unpacker = ZipUnpacker.builder().maxTotalBytes(1024 * 1024).build();

        assertThatThrownBy(() -> unpacker.unpack(zip, dir.resolve("out")))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessage(zip + " inflates to more than the limit of 1048576 bytes (at entry zeros.bin)");
        assertThat(listNames(dir)).containsExactly("bomb.zip");
    }

    @Test
    void shouldCapEntryCount() throws IOException {
        Path zip = Fixtures.zip(dir.resolve("many.zip"), "a", "1", "b", "2", "c", "3");

        assertThatThrownBy(() -> ZipUnpacker.builder().maxEntries(2).build().unpack(zip, dir.resolve("out")))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessage(zip + " has 3 entries, over the limit of 2");
    }

    @Test
    void shouldRefuseANonEmptyTargetWithoutMarker() throws IOException {
        Path zip = Fixtures.zip(dir.resolve("a.zip"), "x.txt", "x");
        Fixtures.text(dir.resolve("out/mine.txt"), "keep me");

        assertThatThrownBy(() -> ZipUnpacker.withDefaults().unpack(zip, dir.resolve("out")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("already exists with other files; remove it or unpack elsewhere");
        assertThat(listNames(dir.resolve("out"))).containsExactly("mine.txt");
    }

    @Test
    void shouldValidateBuilderLimits() {
        assertThatThrownBy(() -> ZipUnpacker.builder().maxEntries(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTotalBytes and maxEntries must be positive, were 4294967296 and 0: "
                        + "pass the largest archive you expect");
    }

    private static List<String> listNames(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Sets "made by Unix" and mode 0120777 (symlink) on the central-directory header of {@code name}. */
    private static void markAsUnixSymlink(Path zip, String name) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 46 < bytes.length; i++) {
            if (buf.getInt(i) == 0x02014b50 && (buf.getShort(i + 28) & 0xFFFF) == wanted.length
                    && new String(bytes, i + 46, wanted.length, StandardCharsets.UTF_8).equals(name)) {
                buf.putShort(i + 4, (short) (3 << 8 | 20));
                buf.putInt(i + 38, 0120777 << 16);
                Files.write(zip, bytes);
                return;
            }
        }
        throw new IllegalStateException("No central directory entry " + name);
    }
}
