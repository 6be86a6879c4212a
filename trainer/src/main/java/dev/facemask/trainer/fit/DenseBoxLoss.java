package dev.facemask.trainer.fit;

/**
 * What the dense head's box loss compares at the cells around each face centre, where every cell
 * regresses the face's log size and the centre's offset from that cell.
 */
public enum DenseBoxLoss {
    /**
     * L1 on the four numbers (log width, log height, x and y offset), the offsets weighed as
     * {@link OffsetLoss} says, as CenterNet.
     */
    L1,
    /**
     * 1 - GIoU between the box a cell decodes and the face's box, as TTFNet: the loss is the overlap the
     * box is judged by, so a cell away from the centre learns the same box as the centre cell, and a
     * face's size and position errors are weighed together rather than one number at a time.
     */
    GIOU
}
