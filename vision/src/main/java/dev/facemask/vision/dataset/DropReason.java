package dev.facemask.vision.dataset;

/** Why a file was left out of the single-object training set. */
public enum DropReason {
    /** An annotation file without an image of the same stem. */
    MISSING_IMAGE,
    /** An image without an annotation file of the same stem. */
    MISSING_ANNOTATION,
    /** A line that is not {@code class cx cy w h} (wrong token count, not a number). */
    MALFORMED_LINE,
    /** A whole file that cannot be read as annotations: too large, not UTF-8, unparseable XML, DOCTYPE. */
    MALFORMED_FILE,
    /** A box outside 0..1, with zero or negative size, or with a non-finite coordinate. */
    OUT_OF_RANGE,
    /** A class id or name that the class names do not list. */
    UNKNOWN_CLASS,
    /** A valid file with more than one face: kept for inspection, not for training. */
    MULTIPLE_OBJECTS,
    /** An annotation file with no faces. */
    EMPTY_ANNOTATION,
    /**
     * A file whose name is not valid in the file-name encoding (UTF-8 here): Java sees it with
     * replacement characters, so two such names could collide and pair a label with the wrong image.
     */
    BAD_FILE_NAME
}
