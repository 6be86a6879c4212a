package dev.facemask.trainer.model;

import java.util.Locale;

/**
 * Named model sizes. All share one design (SE-ResNet bottlenecks, a classifier on the pooled
 * features and a spatial box head); they differ in width, depth and input size.
 */
public enum Preset {
    /** The seed notebook's SE-ResNet50 at 244x244x3: stages [3,4,6,3], about 27 M parameters. */
    SEED,
    /** Narrower, shallower SE-ResNet at 128x128x3, trainable on 2 CPU cores. */
    SMALL,
    /** Stages of 32/64/128 channels at 96x96x3: trains on synthetic faces in about two minutes. */
    TINY;

    /** Lower-case name as used on the command line and in {@code model.json}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code seed}, {@code small} or {@code tiny} (any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Preset parse(String id) {
        for (Preset p : values()) {
            if (p.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown preset '" + id + "': use seed, small or tiny");
    }
}
