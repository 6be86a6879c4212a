package dev.facemask.vision.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks a dataset archive safely: every entry name is checked before anything is written (no
 * {@code ..}, no absolute or drive paths, no backslashes), symbolic-link entries are skipped, and the
 * bytes actually inflated (not the sizes the archive declares) and the entry count are capped. It
 * unpacks into a hidden sibling folder and renames it to the target only on success, with a
 * {@value #MARKER} file inside; a target holding that marker is left alone, so calls are idempotent.
 *
 * <pre>{@code
 * Path obj = ZipUnpacker.builder().maxTotalBytes(4L << 30).build()
 *         .unpack(Path.of("data/archive.zip"), Path.of("data/obj"));
 * }</pre>
 */
public final class ZipUnpacker {

    /** Written last into a completely unpacked target. */
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
            extract(archive, staging);
            Files.createFile(staging.resolve(MARKER));
            Files.deleteIfExists(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException | RuntimeException e) {
            deleteRecursively(staging);
            throw e;
        }
    }

    private void extract(Path archive, Path staging) throws IOException {
        Set<String> links = ZipSymlinks.names(archive);
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            if (zip.size() > maxEntries) {
                throw new UnsafeArchiveException(archive + " has " + zip.size() + " entries, over the limit of " + maxEntries);
            }
            List<? extends ZipEntry> entries = zip.stream().toList();
            for (ZipEntry entry : entries) {
                checkName(entry.getName(), staging, archive);
            }
            long written = 0;
            for (ZipEntry entry : entries) {
                if (links.contains(entry.getName())) {
                    continue;
                }
                Path out = staging.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    written += copy(zip, entry, out, maxTotalBytes - written, archive);
                }
            }
        }
    }

    /** Copies one entry, counting inflated bytes; throws once more than {@code budget} bytes come out. */
    private long copy(ZipFile zip, ZipEntry entry, Path out, long budget, Path archive) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        try (InputStream in = zip.getInputStream(entry);
                OutputStream os = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW)) {
            int r;
            while ((r = in.read(buf)) > 0) {
                n += r;
                if (n > budget) {
                    throw new UnsafeArchiveException(archive + " inflates to more than the limit of " + maxTotalBytes
                            + " bytes (at entry " + entry.getName() + ")");
                }
                os.write(buf, 0, r);
            }
        } catch (FileAlreadyExistsException e) {
            throw new UnsafeArchiveException(archive + " holds entry " + entry.getName() + " twice");
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
