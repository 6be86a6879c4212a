package dev.facemask.trainer.model;

import java.util.Locale;

/** Where the single-face box head reads the backbone's last feature map [N, h, w, c]. */
public enum BoxHead {
    /** 1x1 conv keeps the h x w layout at few channels, flatten, dense + ReLU, dense to 4, sigmoid (the default). */
    SPATIAL,
    /** Global average pool to [N, c], then linear to 4 and sigmoid, as the seed notebook's upstream. */
    POOLED,
    /**
     * Soft-argmax: a 1x1 conv scores every cell, softmax over the cells, the box centre is the
     * score-weighted mean of the cell centres and its size is read from the score-weighted features.
     */
    CENTROID;

    /** Lower-case name as used on the command line and in {@code model.json}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code spatial}, {@code pooled} or {@code centroid} (any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static BoxHead parse(String id) {
        for (BoxHead b : values()) {
            if (b.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return b;
            }
        }
        throw new IllegalArgumentException("Unknown box head '" + id + "': use spatial, pooled or centroid");
    }
}
