package dev.facemask.trainer.model;

import java.util.Locale;

/**
 * Named model sizes. All share one backbone design (SE-ResNet bottlenecks). The first three carry
 * the seed notebook's single-face heads (a classifier on the pooled features and a box regressor);
 * the {@code detect-*} presets carry the dense multi-face head ({@link DenseDetector}) instead.
 */
public enum Preset {
    /** The seed notebook's SE-ResNet50 at 244x244x3: stages [3,4,6,3], about 27 M parameters. */
    SEED,
    /** Narrower, shallower SE-ResNet at 128x128x3, trainable on 2 CPU cores. */
    SMALL,
    /** Stages of 32/64/128 channels at 96x96x3: trains on synthetic faces in about two minutes. */
    TINY,
    /** Dense multi-face head on the SE-ResNet50 backbone at 320x320x3. */
    DETECT_SEED,
    /** Dense multi-face head on the {@code small} backbone at 320x320x3: trainable on 2 CPU cores. */
    DETECT_SMALL,
    /** Dense multi-face head on the {@code tiny} backbone at 192x192x3: for tests and the demo. */
    DETECT_TINY;

    /** Whether this preset carries the dense multi-face head rather than the seed's single-face heads. */
    public boolean dense() {
        return this == DETECT_SEED || this == DETECT_SMALL || this == DETECT_TINY;
    }

    /** Lower-case name as used on the command line and in {@code model.json}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a preset id such as {@code seed}, {@code tiny} or {@code detect-small} (any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Preset parse(String id) {
        for (Preset p : values()) {
            if (p.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown preset '" + id + "': use one of "
                + java.util.Arrays.stream(values()).map(Preset::id).toList());
    }
}
