package dev.facemask.vision.detect;

import java.util.Objects;

/**
 * A decoded face with the heatmap peak it was read from, so that outputs computed per peak in the
 * model graph (such as a face's Grad-CAM) can be joined to it.
 *
 * @param peak flat index of the peak in the {@code grid x grid x classes} heatmap: {@code cell * classes + class}
 * @param face the face decoded at that peak
 */
public record PeakFace(int peak, DetectedFace face) {

    public PeakFace {
        Objects.requireNonNull(face, "face");
        if (peak < 0) {
            throw new IllegalArgumentException("peak index " + peak + " is negative");
        }
    }
}
