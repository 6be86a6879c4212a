package dev.facemask.vision.dataset;

/** The three parts of a {@link SplitManifest}. */
public enum Split {
    TRAIN,
    VAL,
    TEST
}
