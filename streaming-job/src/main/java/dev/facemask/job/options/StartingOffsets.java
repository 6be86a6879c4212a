package dev.facemask.job.options;

/** Where the job starts reading the frames topic when it has no checkpoint to restore. */
public enum StartingOffsets {
    /** The oldest retained frame. */
    EARLIEST,
    /** Only frames published after the job starts. */
    LATEST,
    /** The consumer group's committed offsets, or the oldest frame for a new group. */
    COMMITTED
}
