package dev.facemask.vision.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Class names of a dataset: {@code obj.names} or {@code classes.txt} in the annotation folder or its
 * parent, one name a line (line N is class id N); {@code mask}, {@code no-mask} when there is none.
 */
public final class ClassNames {

    /** The seed's classes: 0 masked, 1 unmasked. */
    public static final List<String> DEFAULT = List.of("mask", "no-mask");

    /** File names that hold class names rather than annotations. */
    public static final Set<String> FILE_NAMES = Set.of("obj.names", "classes.txt");

    private static final long MAX_BYTES = 64 * 1024;

    private ClassNames() {}

    /** Reads the names next to {@code folder} (or in its parent), or returns {@link #DEFAULT}. */
    public static List<String> find(Path folder) throws IOException {
        Optional<Path> file = locate(folder);
        return file.isPresent() ? read(file.get()) : DEFAULT;
    }

    /** The names file that {@link #find} would read, if any. */
    public static Optional<Path> locate(Path folder) {
        Path parent = folder.toAbsolutePath().normalize().getParent();
        for (Path dir : parent == null ? List.of(folder) : List.of(folder, parent)) {
            for (String name : List.of("obj.names", "classes.txt")) {
                Path candidate = dir.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Reads one names file: blank lines skipped, BOM and surrounding spaces removed. */
    public static List<String> read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException("Class names file " + file + " is over " + MAX_BYTES + " bytes: is it really a names file?");
        }
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String name = line.replace("\uFEFF", "").strip();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw new IOException("Class names file " + file + " lists no classes: write one name a line, class 0 first");
        }
        return List.copyOf(names);
    }
}
