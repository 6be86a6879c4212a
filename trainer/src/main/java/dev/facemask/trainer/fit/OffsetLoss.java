package dev.facemask.trainer.fit;

/**
 * How the dense head's box loss weighs an error in a face centre's offset. Its L1 loss is in output
 * cells, and around each centre (the Gaussian's area) the target offsets reach the radius: several
 * cells on a large face. In cells, those far offsets dominate the loss of a photo with one large face
 * while a miss of one cell hardly moves such a box; the log sizes, whose errors do, get a small share.
 */
public enum OffsetLoss {
    /** L1 in cells, as CenterNet: a one-cell miss costs the same on a 2-cell face as on a 40-cell one. */
    CELLS,
    /**
     * L1 in cells divided by the face's width (x) or height (y) in cells, at least 1: a miss costs about
     * what it costs the box's overlap, as the size-normalised box encodings of Faster R-CNN and YOLO do.
     * Faces up to one cell wide weigh as in {@link #CELLS}.
     */
    RELATIVE
}
