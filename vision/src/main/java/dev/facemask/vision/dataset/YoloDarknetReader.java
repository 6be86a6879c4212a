package dev.facemask.vision.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a YOLO-darknet folder: {@code DIR/obj/*.jpg|*.jpeg|*.png} (or the images directly in {@code DIR})
 * with same-stem {@code *.txt} files of lines {@code class cx cy w h}, and class names from
 * {@code obj.names} or {@code classes.txt} in the images folder or its parent.
 *
 * <pre>{@code
 * DatasetScan scan = new YoloDarknetReader().scan(Path.of("data"));
 * List<LabeledImage> train = scan.singleObject();
 * }</pre>
 */
public final class YoloDarknetReader {

    /** Image extensions, in the order tried when several files share a stem. */
    public static final List<String> IMAGE_EXTENSIONS = List.of("jpg", "jpeg", "png");

    private static final int MAX_DESCENT = 3;

    private final AnnotationLimits limits;

    public YoloDarknetReader() {
        this(AnnotationLimits.DEFAULT);
    }

    public YoloDarknetReader(AnnotationLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Scans a dataset folder, non-recursively in its images folder (see {@link #locateImagesFolder}).
     *
     * @param datasetDir the dataset folder, or the images folder itself; it becomes {@link DatasetScan#root()}
     * @throws IOException when the folder or its class names cannot be read
     */
    public DatasetScan scan(Path datasetDir) throws IOException {
        if (!Files.isDirectory(datasetDir)) {
            throw new IOException("Dataset folder not found: " + datasetDir.toAbsolutePath());
        }
        Path folder = locateImagesFolder(datasetDir);
        List<String> classNames = ClassNames.find(folder);
        Map<String, Path> images = new TreeMap<>();
        Map<String, Path> labels = new TreeMap<>();
        List<DroppedFile> dropped = new ArrayList<>();
        for (Path file : listFiles(folder)) {
            String name = file.getFileName().toString();
            if (!hasDecodableName(file)) {
                dropped.add(new DroppedFile(file, DropReason.BAD_FILE_NAME, relative(datasetDir, file)
                        + ": file name is not valid " + System.getProperty("sun.jnu.encoding", "UTF-8")
                        + "; rename it (it could be confused with another file)"));
                continue;
            }
            String ext = extension(name);
            if (ext.equals("txt") && !ClassNames.FILE_NAMES.contains(name)) {
                labels.put(stem(name), file);
            } else if (IMAGE_EXTENSIONS.contains(ext)) {
                images.merge(stem(name), file, YoloDarknetReader::preferredImage);
            }
        }
        List<LabeledImage> valid = new ArrayList<>();
        for (Map.Entry<String, Path> label : labels.entrySet()) {
            read(datasetDir, label.getValue(), images.get(label.getKey()), classNames.size(), valid, dropped);
        }
        for (Map.Entry<String, Path> image : images.entrySet()) {
            if (!labels.containsKey(image.getKey())) {
                dropped.add(new DroppedFile(image.getValue(), DropReason.MISSING_ANNOTATION,
                        relative(datasetDir, image.getValue()) + ": no annotation file " + image.getKey() + ".txt beside it"));
            }
        }
        dropped.sort(Comparator.comparing(DroppedFile::file));
        return new DatasetScan(DatasetFormat.YOLO_DARKNET, datasetDir, classNames, valid, dropped);
    }

    private void read(Path root, Path label, Path image, int classCount, List<LabeledImage> valid,
            List<DroppedFile> dropped) throws IOException {
        String name = relative(root, label);
        if (image == null) {
            String stem = stem(label.getFileName().toString());
            dropped.add(new DroppedFile(label, DropReason.MISSING_IMAGE,
                    name + ": no image " + stem + ".jpg, " + stem + ".jpeg or " + stem + ".png beside it"));
            return;
        }
        try {
            List<Annotation> faces = YoloLabelFile.parse(label, name, classCount, limits);
            if (faces.isEmpty()) {
                dropped.add(new DroppedFile(label, DropReason.EMPTY_ANNOTATION, name + ": no faces in the file"));
                return;
            }
            valid.add(new LabeledImage(image, faces));
            if (faces.size() > 1) {
                dropped.add(new DroppedFile(label, DropReason.MULTIPLE_OBJECTS,
                        name + ": " + faces.size() + " faces; only single-face images are kept for training"));
            }
        } catch (AnnotationFileException e) {
            dropped.add(new DroppedFile(label, e.reason(), e.getMessage()));
        }
    }

    /**
     * The folder holding the images: {@code dir} itself unless it has an {@code obj/} subfolder; in
     * {@code obj/}, while it holds no images or labels and exactly one subfolder (a zip unpacked as
     * {@code obj/obj/}), that subfolder, at most three levels down.
     */
    public static Path locateImagesFolder(Path dir) throws IOException {
        Path folder = dir.resolve("obj");
        if (!Files.isDirectory(folder)) {
            return dir;
        }
        for (int depth = 0; depth < MAX_DESCENT; depth++) {
            List<Path> children = listAll(folder);
            boolean hasData = children.stream().anyMatch(p -> Files.isRegularFile(p) && isDataFile(p));
            List<Path> dirs = children.stream().filter(Files::isDirectory).toList();
            if (hasData || dirs.size() != 1) {
                return folder;
            }
            folder = dirs.get(0);
        }
        return folder;
    }

    /** True for a file name ending in .jpg, .jpeg or .png, in any case. */
    public static boolean isImageFile(Path file) {
        return IMAGE_EXTENSIONS.contains(extension(file.getFileName().toString()));
    }

    private static boolean isDataFile(Path p) {
        String name = p.getFileName().toString();
        return isImageFile(p) || (extension(name).equals("txt") && !ClassNames.FILE_NAMES.contains(name));
    }

    /**
     * False when the name's bytes do not decode in the file-name encoding: its Java string holds
     * replacement characters and no longer leads back to the same file.
     */
    static boolean hasDecodableName(Path file) {
        Path name = file.getFileName();
        return name.equals(name.getFileSystem().getPath(name.toString()));
    }

    private static Path preferredImage(Path a, Path b) {
        int ia = IMAGE_EXTENSIONS.indexOf(extension(a.getFileName().toString()));
        int ib = IMAGE_EXTENSIONS.indexOf(extension(b.getFileName().toString()));
        return ia <= ib ? a : b;
    }

    private static List<Path> listFiles(Path folder) throws IOException {
        return listAll(folder).stream().filter(Files::isRegularFile).toList();
    }

    private static List<Path> listAll(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** {@code file} relative to {@code root} with forward slashes, for messages and manifests. */
    static String relative(Path root, Path file) {
        Path r = root.toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        String rel = f.startsWith(r) ? r.relativize(f).toString() : f.toString();
        return rel.replace('\\', '/');
    }
}
