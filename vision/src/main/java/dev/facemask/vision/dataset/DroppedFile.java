package dev.facemask.vision.dataset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file the reader left out, and why.
 *
 * @param file the annotation file (or the image, for {@link DropReason#MISSING_ANNOTATION})
 * @param reason the category
 * @param detail human-readable text naming the file and, where there is one, the line
 */
public record DroppedFile(Path file, DropReason reason, String detail) {

    public DroppedFile {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
