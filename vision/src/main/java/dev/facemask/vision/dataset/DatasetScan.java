package dev.facemask.vision.dataset;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a reader found in a dataset folder: every valid image (multi-face ones too, for inspection),
 * the single-face subset the detector trains on, and every file it left out with the reason.
 *
 * @param format layout the files were read as
 * @param root the folder the caller opened; split manifests live here and paths are relative to it
 * @param classNames class names by class id
 * @param valid images whose annotations all parsed, in file-name order
 * @param dropped files left out of {@link #singleObject()}, in file-name order; multi-face images appear
 *     here with {@link DropReason#MULTIPLE_OBJECTS} and also in {@link #valid()}
 */
public record DatasetScan(
        DatasetFormat format, Path root, List<String> classNames, List<LabeledImage> valid, List<DroppedFile> dropped) {

    public DatasetScan {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(root, "root");
        classNames = List.copyOf(classNames);
        valid = List.copyOf(valid);
        dropped = List.copyOf(dropped);
    }

    /** Images with exactly one face, the seed's training set. */
    public List<LabeledImage> singleObject() {
        return valid.stream().filter(LabeledImage::isSingleObject).toList();
    }

    /** Faces per class name over all valid images, in class-id order. */
    public Map<String, Integer> facesPerClass() {
        int[] counts = new int[classNames.size()];
        for (LabeledImage image : valid) {
            for (Annotation a : image.annotations()) {
                counts[a.classId()]++;
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            out.put(classNames.get(i), counts[i]);
        }
        return out;
    }

    /** Faces of one class over all valid images. */
    public int facesOf(int classId) {
        return (int) valid.stream()
                .flatMap(i -> i.annotations().stream())
                .filter(a -> a.classId() == classId)
                .count();
    }

    public List<DroppedFile> dropped(DropReason reason) {
        return dropped.stream().filter(d -> d.reason() == reason).toList();
    }

    /** Dropped files per reason, only reasons that occurred, in enum order. */
    public Map<DropReason, Integer> droppedCounts() {
        Map<DropReason, Integer> out = new EnumMap<>(DropReason.class);
        for (DroppedFile d : dropped) {
            out.merge(d.reason(), 1, Integer::sum);
        }
        return out;
    }

    /** One line for logs: {@code 336 valid images, 123 single-face; faces {mask=1172, ...}; dropped {...}}. */
    public String summary() {
        return valid.size() + " valid images, " + singleObject().size() + " single-face; faces "
                + facesPerClass() + "; dropped " + droppedCounts();
    }
}
