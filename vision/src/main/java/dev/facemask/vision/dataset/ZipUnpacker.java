package dev.facemask.vision.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Unpacks a dataset archive safely. Before anything is written, every entry name is checked (UTF-8,
 * no {@code ..}, no absolute or drive paths, no backslashes) and so is the sum of the sizes the
 * archive declares. While writing, the bytes actually inflated are counted against the cap and
 * against each entry's declared size, so a lying header can neither make it allocate nor write more
 * than allowed (nothing is sized from a declared length). Symbolic-link entries are skipped; the
 * {@value #MARKER} file lists each skipped entry with the reason. The entry count is capped too. It
 * unpacks into a hidden sibling folder and renames it to the target only on success; a target
 * holding the marker is left alone, so calls are idempotent.
 *
 * <pre>{@code
 * Path obj = ZipUnpacker.builder().maxTotalBytes(4L << 30).build()
 *         .unpack(Path.of("data/archive.zip"), Path.of("data/obj"));
 * }</pre>
 */
public final class ZipUnpacker {

    /** Written last into a completely unpacked target; one line per skipped entry, with the reason. */
    public static final String MARKER = ".unpacked";

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private final long maxTotalBytes;
    private final int maxEntries;

    private ZipUnpacker(Builder b) {
        this.maxTotalBytes = b.maxTotalBytes;
        this.maxEntries = b.maxEntries;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Caps of 4 GiB and 100,000 entries (the Labeled Mask archive holds about 3,000). */
    public static ZipUnpacker withDefaults() {
        return builder().build();
    }

    /** True when {@code target} holds a completed unpack. */
    public static boolean isUnpacked(Path target) {
        return Files.isRegularFile(target.resolve(MARKER));
    }

    /**
     * Unpacks {@code archive} into {@code target}, or does nothing when it is already unpacked there.
     *
     * @return {@code target}
     * @throws UnsafeArchiveException for an escaping entry name, too many entries or too many bytes; nothing is left behind
     * @throws IOException when the archive is unreadable or the target exists with other content
     */
    public Path unpack(Path archive, Path target) throws IOException {
        if (isUnpacked(target)) {
            return target;
        }
        if (!Files.isRegularFile(archive)) {
            throw new IOException("Archive not found: " + archive.toAbsolutePath());
        }
        if (Files.isDirectory(target) && !isEmpty(target)) {
            throw new IOException("Cannot unpack " + archive + ": " + target.toAbsolutePath()
                    + " already exists with other files; remove it or unpack elsewhere");
        }
        Path parent = target.toAbsolutePath().normalize().getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".unpacking-");
        try {
            List<String> skipped = extract(archive, staging);
            Files.write(staging.resolve(MARKER), skipped, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            Files.deleteIfExists(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException | RuntimeException e) {
            deleteRecursively(staging);
            throw e;
        }
    }

    /** Writes the entries into {@code staging}; returns one line per skipped entry, with the reason. */
    private List<String> extract(Path archive, Path staging) throws IOException {
        List<String> skipped = new ArrayList<>();
        try (ZipFile zip = open(archive)) {
            List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
            for (ZipArchiveEntry entry : entries) {
                checkUtf8(entry.getRawName(), archive);
            }
            checkDeclaredSizes(entries, archive);
            if (entries.size() > maxEntries) {
                throw new UnsafeArchiveException(archive + " has " + entries.size() + " entries, over the limit of "
                        + maxEntries);
            }
            for (ZipArchiveEntry entry : entries) {
                checkName(nameOf(entry), staging, archive);
            }
            long written = 0;
            for (ZipArchiveEntry entry : entries) {
                if (entry.isUnixSymlink()) {
                    skipped.add("skipped " + nameOf(entry) + ": a symbolic link (it could point outside the target)");
                    continue;
                }
                Path out = staging.resolve(nameOf(entry)).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    written += copy(zip, entry, out, maxTotalBytes - written, archive);
                }
            }
        }
        return skipped;
    }

    /**
     * Opens the archive with Commons Compress, which exposes what {@code java.util.zip} hides and
     * this class must check before it trusts an archive: the raw name bytes, the Unix mode (symbolic
     * links) and the declared sizes, ZIP64 ones included. Names are decoded as UTF-8, as
     * {@code java.util.zip} does, and only after {@link #checkUtf8} accepted their bytes.
     */
    private static ZipFile open(Path archive) throws IOException {
        return ZipFile.builder().setPath(archive).setCharset(StandardCharsets.UTF_8).setUseUnicodeExtraFields(false)
                .get();
    }

    /** Refuses, before writing, an archive whose entries claim more than the cap in all. */
    private void checkDeclaredSizes(List<ZipArchiveEntry> entries, Path archive) throws UnsafeArchiveException {
        long total = 0;
        ZipArchiveEntry largest = null;
        for (ZipArchiveEntry e : entries) {
            if (e.getSize() < 0 || e.getSize() > maxTotalBytes) {
                largest = e;
                total = Long.MAX_VALUE;
                break;
            }
            total += e.getSize();
            largest = largest == null || e.getSize() > largest.getSize() ? e : largest;
        }
        if (total > maxTotalBytes) {
            throw new UnsafeArchiveException("Refusing to unpack " + archive + ": its entries declare "
                    + (total == Long.MAX_VALUE ? "more than " + maxTotalBytes : total) + " bytes, over the limit of "
                    + maxTotalBytes + " bytes (entry '" + nameOf(largest) + "' alone declares "
                    + Long.toUnsignedString(largest.getSize()) + ")");
        }
    }

    /**
     * The entry's name as its bytes say, in UTF-8. Not {@link ZipArchiveEntry#getName()}: for an
     * archive made on DOS or Windows that turns backslashes into slashes, which would hide a
     * {@code ..\evil.txt} from {@link #checkName}.
     */
    private static String nameOf(ZipArchiveEntry entry) {
        return new String(entry.getRawName(), StandardCharsets.UTF_8);
    }

    /** Refuses an entry name whose bytes are not UTF-8, naming the bytes and how they would read. */
    private static void checkUtf8(byte[] name, Path archive) throws UnsafeArchiveException {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(name));
        } catch (CharacterCodingException e) {
            throw new UnsafeArchiveException("Refusing to unpack " + archive + ": an entry name is not UTF-8 (bytes "
                    + HexFormat.ofDelimiter(" ").formatHex(name) + ", read as '"
                    + new String(name, StandardCharsets.UTF_8) + "'); re-create the archive with UTF-8 names");
        }
    }

    /**
     * Copies one entry, counting inflated bytes with a fixed 64 KB buffer; throws as soon as more than
     * {@code budget} bytes, or more than the entry declares, come out, and when fewer come out than it declares.
     */
    private long copy(ZipFile zip, ZipArchiveEntry entry, Path out, long budget, Path archive) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long declared = entry.getSize();
        long n = 0;
        try (InputStream in = zip.getInputStream(entry);
                OutputStream os = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW)) {
            int r;
            while ((r = in.read(buf)) > 0) {
                n += r;
                if (n > budget) {
                    throw new UnsafeArchiveException(archive + " inflates to more than the limit of " + maxTotalBytes
                            + " bytes (at entry " + nameOf(entry) + ")");
                }
                if (declared >= 0 && n > declared) {
                    throw new UnsafeArchiveException(archive + ": entry " + nameOf(entry) + " inflates to more than"
                            + " the " + declared + " bytes it declares (a corrupt or crafted archive)");
                }
                os.write(buf, 0, r);
            }
        } catch (FileAlreadyExistsException e) {
            throw new UnsafeArchiveException(archive + " holds entry " + nameOf(entry) + " twice");
        }
        if (declared >= 0 && n != declared) {
            throw new UnsafeArchiveException(archive + ": entry " + nameOf(entry) + " declares " + declared
                    + " bytes but holds " + n + " (a corrupt or crafted archive)");
        }
        return n;
    }

    /** Rejects names that could land outside {@code staging}, before anything is written. */
    static void checkName(String name, Path staging, Path archive) throws UnsafeArchiveException {
        String why = null;
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            why = "is empty or holds a NUL character";
        } else if (name.startsWith("/") || DRIVE.matcher(name).matches()) {
            why = "is an absolute path";
        } else if (name.indexOf('\\') >= 0) {
            why = "holds a backslash";
        } else if (Stream.of(name.split("/")).anyMatch(".."::equals)) {
            why = "climbs out with '..'";
        } else if (!staging.resolve(name).normalize().startsWith(staging)) {
            why = "resolves outside the target folder";
        }
        if (why != null) {
            throw new UnsafeArchiveException("Refusing to unpack " + archive + ": entry '" + name + "' " + why);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException ignored) {
            // Best effort: the staging folder is hidden and named as such.
        }
    }

    /** Caps for {@link ZipUnpacker}. */
    public static final class Builder {
        private long maxTotalBytes = 4L * 1024 * 1024 * 1024;
        private int maxEntries = 100_000;

        private Builder() {}

        /** Most bytes written in total, counted as they inflate. Default 4 GiB. */
        public Builder maxTotalBytes(long bytes) {
            this.maxTotalBytes = bytes;
            return this;
        }

        /** Most entries (files and folders). Default 100,000. */
        public Builder maxEntries(int entries) {
            this.maxEntries = entries;
            return this;
        }

        public ZipUnpacker build() {
            if (maxTotalBytes <= 0 || maxEntries <= 0) {
                throw new IllegalArgumentException("maxTotalBytes and maxEntries must be positive, were "
                        + maxTotalBytes + " and " + maxEntries + ": pass the largest archive you expect");
            }
            return new ZipUnpacker(this);
        }
    }
}
