package dev.facemask.vision.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import dev.facemask.vision.testkit.Figures;
import java.io.IOException;
import java.lang.management.ManagementFactory;
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
        assertThat(Files.readString(target.resolve(ZipUnpacker.MARKER)))
                .isEqualTo("skipped link: a symbolic link (it could point outside the target)\n");
    }

    @Test
    void shouldNeverWriteThroughASkippedSymlinkToAFolderOutside() throws IOException {
        Path zip = ZipBytes.create().symlink("up", "../..").entry("up/evil.txt", "pwned")
                .symlink("passwd", "/etc/passwd").entry("real.txt", "data").write(dir.resolve("links.zip"));

        Path target = ZipUnpacker.withDefaults().unpack(zip, dir.resolve("out"));

        // "up" was skipped, so "up/evil.txt" became a plain folder and file inside the target.
        assertThat(Fixtures.tree(dir)).containsExactly("links.zip", "out/", "out/.unpacked", "out/real.txt",
                "out/up/", "out/up/evil.txt");
        assertThat(Files.readAllLines(target.resolve(ZipUnpacker.MARKER))).containsExactly(
                "skipped up: a symbolic link (it could point outside the target)",
                "skipped passwd: a symbolic link (it could point outside the target)");
        assertThat(dir.getParent().resolve("evil.txt")).doesNotExist();
    }

    @Test
    void shouldRefuseAnEntryDeclaringTenGigabytesBeforeWritingOrAllocatingForIt() throws IOException {
        long tenGiB = 10L << 30;
        Path zip = ZipBytes.create().entry("obj/a.txt", "0 0.5 0.5 0.2 0.2\n")
                .declaring("obj/huge.bin", "sixteen bytes...", tenGiB).write(dir.resolve("in/huge.zip"));
        List<String> before = Fixtures.tree(dir);

        long allocated = allocatedBytes(() -> assertThatThrownBy(() -> ZipUnpacker.withDefaults()
                .unpack(zip, dir.resolve("in/out")))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessage("Refusing to unpack " + zip + ": its entries declare more than 4294967296 bytes, over the"
                        + " limit of 4294967296 bytes (entry 'obj/huge.bin' alone declares 10737418240)"));
        // With a cap above the claim, the claim is still not trusted: the bytes are counted.
        ZipUnpacker generous = ZipUnpacker.builder().maxTotalBytes(2 * tenGiB).build();
        allocated += allocatedBytes(() -> assertThatThrownBy(() -> generous.unpack(zip, dir.resolve("in/out")))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessage(zip + ": entry obj/huge.bin declares 10737418240 bytes but holds 16"
                        + " (a corrupt or crafted archive)"));

        Figures.report("zip entry declaring 10 GiB (16 bytes of data) refused; heap allocated by both"
                + " attempts %.1f MB; files written outside the target 0", allocated / 1e6);
        assertThat(Fixtures.tree(dir)).isEqualTo(before);
        assertThat(allocated).isLessThan(16L << 20);
    }

    @Test
    void shouldRefuseAnEntryThatHoldsMoreThanItDeclares() throws IOException {
        Path zip = ZipBytes.create().declaring("obj/a.txt", "x".repeat(100_000), 5).write(dir.resolve("lie.zip"));

        assertThatThrownBy(() -> ZipUnpacker.withDefaults().unpack(zip, dir.resolve("out")))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessage(zip + ": entry obj/a.txt inflates to more than the 5 bytes it declares"
                        + " (a corrupt or crafted archive)");
        assertThat(Fixtures.tree(dir)).containsExactly("lie.zip");
    }

    @Test
    void shouldRefuseEntryNamesThatAreNotUtf8NamingTheirBytes() throws IOException {
        byte[] latin1 = {'o', 'b', 'j', '/', (byte) 0xE4, '.', 'j', 'p', 'g'}; // "obj/ä.jpg" in ISO-8859-1
        Path zip = ZipBytes.create().entry("obj/a.txt", "fine").rawName(latin1, "not a jpeg")
                .write(dir.resolve("latin1.zip"));

        assertThatThrownBy(() -> ZipUnpacker.withDefaults().unpack(zip, dir.resolve("out")))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessage("Refusing to unpack " + zip + ": an entry name is not UTF-8 (bytes 6f 62 6a 2f e4 2e 6a 70 67,"
                        + " read as 'obj/\uFFFD.jpg'); re-create the archive with UTF-8 names");
        assertThat(Fixtures.tree(dir)).containsExactly("latin1.zip");
    }

    @Test
    void shouldUnpackNonAsciiUtf8Names() throws IOException {
        Path zip = ZipBytes.create().entry("obj/maske-\u00e4.txt", "fine").write(dir.resolve("utf8.zip"));

        Path target = ZipUnpacker.withDefaults().unpack(zip, dir.resolve("out"));

        assertThat(Files.readString(target.resolve("obj/maske-\u00e4.txt"))).isEqualTo("fine");
        assertThat(Files.readString(target.resolve(ZipUnpacker.MARKER))).isEmpty();
    }

    @Test
    void shouldRefuseADeflateBombFromItsDeclaredSizeAndCleanUp() throws IOException {
        Path zip = deflateBomb(dir.resolve("bomb.zip"));
        ZipUnpacker unpacker = ZipUnpacker.builder().maxTotalBytes(1024 * 1024).build();

        assertThatThrownBy(() -> unpacker.unpack(zip, dir.resolve("out")))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessage("Refusing to unpack " + zip + ": its entries declare more than 1048576 bytes, over the"
                        + " limit of 1048576 bytes (entry 'zeros.bin' alone declares 3145728)");
        assertThat(listNames(dir)).containsExactly("bomb.zip");
    }

    @Test
    void shouldStopADeflateBombThatUnderstatesItsSizeByCountingInflatedBytes() throws IOException {
        Path zip = deflateBomb(dir.resolve("bomb.zip"));
        setCentralSize(zip, "zeros.bin", 100);

        assertThatThrownBy(() -> ZipUnpacker.withDefaults().unpack(zip, dir.resolve("out")))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessage(zip + ": entry zeros.bin inflates to more than the 100 bytes it declares"
                        + " (a corrupt or crafted archive)");
        assertThat(listNames(dir)).containsExactly("bomb.zip");
    }

    /** 3 MiB of zeros deflated to a few kB. */
    private static Path deflateBomb(Path zip) throws IOException {
        try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(os)) {
            out.putNextEntry(new ZipEntry("zeros.bin"));
            out.write(new byte[3 * 1024 * 1024]);
            out.closeEntry();
        }
        assertThat(Files.size(zip)).isLessThan(64 * 1024);
        return zip;
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

    /** Heap allocated by this thread while {@code action} runs, bytes. */
    private static long allocatedBytes(Runnable action) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        action.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static List<String> listNames(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Sets "made by Unix" and mode 0120777 (symlink) on the central-directory header of {@code name}. */
    private static void markAsUnixSymlink(Path zip, String name) throws IOException {
        patchCentralHeader(zip, name, buf -> {
            int at = buf.position();
            buf.putShort(at + 4, (short) (3 << 8 | 20));
            buf.putInt(at + 38, 0120777 << 16);
        });
    }

    /** Sets the uncompressed size that the central-directory header of {@code name} declares. */
    private static void setCentralSize(Path zip, String name, int size) throws IOException {
        patchCentralHeader(zip, name, buf -> buf.putInt(buf.position() + 24, size));
    }

    /** Calls {@code patch} with a buffer positioned at the central-directory header of {@code name}. */
    private static void patchCentralHeader(Path zip, String name, java.util.function.Consumer<ByteBuffer> patch)
            throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 46 < bytes.length; i++) {
            if (buf.getInt(i) == 0x02014b50 && (buf.getShort(i + 28) & 0xFFFF) == wanted.length
                    && new String(bytes, i + 46, wanted.length, StandardCharsets.UTF_8).equals(name)) {
                patch.accept(buf.position(i));
                Files.write(zip, bytes);
                return;
            }
        }
        throw new IllegalStateException("No central directory entry " + name);
    }
}
