package dev.facemask.vision.dataset;

/** Thrown by the format parsers for one annotation file; the reader turns it into a {@link DroppedFile}. */
final class AnnotationFileException extends Exception {

    private final DropReason reason;

    AnnotationFileException(DropReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    DropReason reason() {
        return reason;
    }
}
