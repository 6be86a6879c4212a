package dev.facemask.trainer.model;

import java.util.Locale;

/**
 * How the dense head scores a face of class c at a cell: the centre heatmaps {@link DenseDetector} builds.
 */
public enum CentreHead {
    /**
     * One sigmoid heatmap per class, trained with the focal loss, as CenterNet does. Each class
     * learns where its faces are from its own faces only.
     */
    PER_CLASS,
    /**
     * One class-agnostic face heatmap (sigmoid, focal loss) times a softmax over the classes
     * (cross-entropy around each face's centre), as YOLO's objectness times class probability.
     * Where to find a face is learned from every face of every class, and what it wears from the
     * same faces; on real photos where one class has a few hundred faces, a per-class heatmap
     * learns to find those faces from them alone.
     */
    OBJECTNESS;

    /** Lower-case name as used on the command line and in {@code model.json}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses {@code per-class} or {@code objectness} (any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static CentreHead parse(String id) {
        for (CentreHead c : values()) {
            if (c.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("Unknown centre head '" + id + "': use per-class or objectness");
    }
}
