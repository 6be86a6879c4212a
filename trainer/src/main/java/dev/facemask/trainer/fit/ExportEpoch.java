package dev.facemask.trainer.fit;

/** Which weights of a run {@code ./detector train} exports. */
public enum ExportEpoch {
    /** The epoch with the lowest validation loss (the default). */
    BEST,
    /** The weights when training ended, as the seed notebook exports them after its last epoch. */
    FINAL
}
