package dev.facemask.vision.dataset;

import java.awt.Dimension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a Pascal VOC folder: {@code DIR/annotations/*.xml} (or {@code Annotations/}) naming images in
 * {@code DIR/images/} (or {@code JPEGImages/}), pixel boxes in {@code <bndbox>}. Class names come from
 * {@code obj.names}/{@code classes.txt} as for YOLO, else {@code mask}, {@code no-mask}; VOC names such
 * as {@code with_mask}/{@code without_mask} map onto them. Output is the same {@link DatasetScan}.
 */
public final class VocXmlReader {

    private final AnnotationLimits limits;

    public VocXmlReader() {
        this(AnnotationLimits.DEFAULT);
    }

    public VocXmlReader(AnnotationLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The annotations folder of a VOC dataset, or null when {@code dir} has none. */
    public static Path annotationsFolder(Path dir) {
        for (String name : List.of("annotations", "Annotations")) {
            if (Files.isDirectory(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        return null;
    }

    public DatasetScan scan(Path datasetDir) throws IOException {
        Path annotations = annotationsFolder(datasetDir);
        if (annotations == null) {
            throw new IOException("Not a Pascal VOC folder: " + datasetDir.toAbsolutePath() + " has no annotations/ folder");
        }
        Path images = imagesFolder(datasetDir);
        List<String> classNames = ClassNames.find(annotations);
        List<LabeledImage> valid = new ArrayList<>();
        List<DroppedFile> dropped = new ArrayList<>();
        Set<Path> used = new HashSet<>();
        for (Path xml : list(annotations).stream().filter(p -> p.toString().toLowerCase().endsWith(".xml")).toList()) {
            read(datasetDir, xml, images, classNames, valid, dropped, used);
        }
        for (Path image : list(images).stream().filter(YoloDarknetReader::isImageFile).toList()) {
            if (!used.contains(image.toAbsolutePath().normalize())) {
                dropped.add(new DroppedFile(image, DropReason.MISSING_ANNOTATION,
                        YoloDarknetReader.relative(datasetDir, image) + ": no annotation XML names this image"));
            }
        }
        dropped.sort(Comparator.comparing(DroppedFile::file));
        return new DatasetScan(DatasetFormat.PASCAL_VOC, datasetDir, classNames, valid, dropped);
    }

    /** Reads one XML into {@code valid} or {@code dropped}; adds the image it belongs to, if found, to {@code used}. */
    private void read(Path root, Path xml, Path images, List<String> classNames, List<LabeledImage> valid,
            List<DroppedFile> dropped, Set<Path> used) throws IOException {
        String name = YoloDarknetReader.relative(root, xml);
        Path image = findImage(images, "", xml);
        try {
            VocAnnotationFile.Parsed parsed = VocAnnotationFile.parse(xml, name, limits);
            image = findImage(images, parsed.filename(), xml);
            if (image == null) {
                throw new AnnotationFileException(DropReason.MISSING_IMAGE,
                        name + ": image '" + parsed.filename() + "' not found in " + YoloDarknetReader.relative(root, images));
            }
            List<Annotation> faces = annotations(parsed, image, classNames, name);
            if (faces.isEmpty()) {
                throw new AnnotationFileException(DropReason.EMPTY_ANNOTATION, name + ": no <object> in the file");
            }
            valid.add(new LabeledImage(image, faces));
            if (faces.size() > 1) {
                dropped.add(new DroppedFile(xml, DropReason.MULTIPLE_OBJECTS,
                        name + ": " + faces.size() + " faces; only single-face images are kept for training"));
            }
        } catch (AnnotationFileException e) {
            dropped.add(new DroppedFile(xml, e.reason(), e.getMessage()));
        } finally {
            if (image != null) {
                used.add(image.toAbsolutePath().normalize());
            }
        }
    }

    private static List<Annotation> annotations(VocAnnotationFile.Parsed parsed, Path image, List<String> classNames,
            String name) throws AnnotationFileException {
        int width = parsed.width();
        int height = parsed.height();
        if (width <= 0 || height <= 0) {
            try {
                Dimension d = ImageFiles.dimensions(image);
                width = d.width;
                height = d.height;
            } catch (IOException e) {
                throw new AnnotationFileException(DropReason.MALFORMED_FILE, name + ": no <size> and " + e.getMessage());
            }
        }
        List<Annotation> faces = new ArrayList<>();
        for (int i = 0; i < parsed.objects().size(); i++) {
            faces.add(VocAnnotationFile.toAnnotation(
                    parsed.objects().get(i), width, height, classNames, name + " object " + (i + 1)));
        }
        return faces;
    }

    /** The named image (file name only: a path in {@code <filename>} is never followed), else the XML's stem. */
    private static Path findImage(Path images, String filename, Path xml) {
        List<String> candidates = new ArrayList<>();
        String base = filename.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        if (!base.isBlank() && base.indexOf('\0') < 0) {
            candidates.add(base);
        }
        String stem = YoloDarknetReader.stem(xml.getFileName().toString());
        for (String ext : YoloDarknetReader.IMAGE_EXTENSIONS) {
            candidates.add(stem + "." + ext);
        }
        for (String c : candidates) {
            Path p = images.resolve(c);
            if (!c.isEmpty() && !c.equals("..") && Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static Path imagesFolder(Path dir) {
        for (String name : List.of("images", "JPEGImages")) {
            if (Files.isDirectory(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        return dir;
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
