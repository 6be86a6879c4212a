package dev.facemask.vision.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Opens a dataset whatever its layout: a YOLO-darknet folder ({@code obj/} or the folder itself), a
 * Pascal VOC folder ({@code annotations/}), or an {@code archive.zip}, which is unpacked next to itself
 * into {@code obj/} first (once).
 *
 * <pre>{@code
 * DatasetScan scan = Datasets.open(Path.of("data"));   // data/obj/... or data/archive.zip
 * System.out.println(scan.summary());
 * }</pre>
 */
public final class Datasets {

    /** The archive name the seed downloads. */
    public static final String ARCHIVE = "archive.zip";

    private Datasets() {}

    public static DatasetScan open(Path path) throws IOException {
        return open(path, AnnotationLimits.DEFAULT, ZipUnpacker.withDefaults());
    }

    /**
     * @param path a dataset folder or a {@code .zip} file
     * @throws IOException naming the path when no known layout is found
     */
    public static DatasetScan open(Path path, AnnotationLimits limits, ZipUnpacker unpacker) throws IOException {
        if (Files.isRegularFile(path) && path.getFileName().toString().toLowerCase().endsWith(".zip")) {
            Path root = path.toAbsolutePath().getParent();
            unpacker.unpack(path, root.resolve("obj"));
            return scanUnpacked(root, limits);
        }
        if (!Files.isDirectory(path)) {
            throw new IOException("Dataset not found: " + path.toAbsolutePath());
        }
        if (VocXmlReader.annotationsFolder(path) != null) {
            return new VocXmlReader(limits).scan(path);
        }
        if (hasYoloFiles(path)) {
            return new YoloDarknetReader(limits).scan(path);
        }
        if (Files.isRegularFile(path.resolve(ARCHIVE))) {
            unpacker.unpack(path.resolve(ARCHIVE), path.resolve("obj"));
            return scanUnpacked(path, limits);
        }
        throw new IOException("No dataset found in " + path.toAbsolutePath() + ": expected obj/ with *.jpg and *.txt"
                + " (YOLO darknet), annotations/*.xml (Pascal VOC) or " + ARCHIVE);
    }

    /** The layout {@link #open} would read {@code dir} as, without reading it; null when none. */
    public static DatasetFormat detect(Path dir) throws IOException {
        if (VocXmlReader.annotationsFolder(dir) != null) {
            return DatasetFormat.PASCAL_VOC;
        }
        return hasYoloFiles(dir) ? DatasetFormat.YOLO_DARKNET : null;
    }

    private static DatasetScan scanUnpacked(Path root, AnnotationLimits limits) throws IOException {
        Path obj = root.resolve("obj");
        if (VocXmlReader.annotationsFolder(obj) != null) {
            return new VocXmlReader(limits).scan(obj);
        }
        return new YoloDarknetReader(limits).scan(root);
    }

    private static boolean hasYoloFiles(Path dir) throws IOException {
        Path folder = YoloDarknetReader.locateImagesFolder(dir);
        try (Stream<Path> s = Files.list(folder)) {
            return s.anyMatch(p -> Files.isRegularFile(p) && YoloDarknetReader.isImageFile(p));
        }
    }
}
