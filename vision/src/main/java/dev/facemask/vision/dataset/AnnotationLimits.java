package dev.facemask.vision.dataset;

/**
 * Caps on one annotation file, so a hostile dataset (millions of lines, a huge XML) is dropped with
 * a reason instead of exhausting memory.
 *
 * @param maxBytes largest annotation file read, bytes
 * @param maxLines most lines read from one YOLO text file (blank lines count)
 */
public record AnnotationLimits(long maxBytes, int maxLines) {

    /** 1 MB and 10,000 lines: far above any real label file (a crowd photo has under 100 faces). */
    public static final AnnotationLimits DEFAULT = new AnnotationLimits(1024 * 1024, 10_000);

    public AnnotationLimits {
        if (maxBytes <= 0 || maxLines <= 0) {
            throw new IllegalArgumentException(
                    "Annotation limits must be positive, were maxBytes=" + maxBytes + ", maxLines=" + maxLines);
        }
    }
}
