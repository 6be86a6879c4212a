package dev.facemask.trainer.fit;

/**
 * Box-preserving augmentation of the dense head's training images. Every transform moves the
 * faces' boxes with the pixels; a face cut by a crop to less than {@link #MIN_VISIBLE} of its area
 * is dropped from the targets.
 *
 * <pre>{@code
 * AugmentOptions options = AugmentOptions.DEFAULTS.withMosaic(0.3).withCopyPaste(0.5);
 * }</pre>
 *
 * @param enabled whether to augment at all
 * @param minScale smallest zoom (below 1 zooms out: the image shrinks inside a zero-padded canvas)
 * @param maxScale largest zoom (above 1 zooms in: a random crop)
 * @param flip mirror half of the images left to right
 * @param brightness scale brightness by a random factor in [1 - b, 1 + b]
 * @param contrast scale contrast around the image mean by [1 - c, 1 + c]
 * @param saturation blend with the grey image by [1 - s, 1 + s]
 * @param mosaic probability of tiling four training images at half size into one
 * @param copyPaste probability of pasting faces cut from other training images into one ({@link FaceCopyPaste})
 */
public record AugmentOptions(boolean enabled, double minScale, double maxScale, boolean flip, double brightness,
        double contrast, double saturation, double mosaic, double copyPaste) {

    /** Share of a face's area that must stay inside a crop for it to remain a target. */
    public static final double MIN_VISIBLE = 0.4;

    /** Zoom 0.6-1.5, flips, 25% colour jitter, no mosaic, no copy-paste: on by default for the dense head. */
    public static final AugmentOptions DEFAULTS = new AugmentOptions(true, 0.6, 1.5, true, 0.25, 0.25, 0.25, 0, 0);

    /** No augmentation: what validation and evaluation use. */
    public static final AugmentOptions NONE = new AugmentOptions(false, 1, 1, false, 0, 0, 0, 0, 0);

    public AugmentOptions {
        if (!(minScale > 0 && minScale <= maxScale)) {
            throw new IllegalArgumentException("augmentation scale range must satisfy 0 < min <= max, was "
                    + minScale + ".." + maxScale);
        }
        if (brightness < 0 || brightness >= 1 || contrast < 0 || contrast >= 1 || saturation < 0 || saturation > 1) {
            throw new IllegalArgumentException("brightness and contrast must be in [0, 1), saturation in [0, 1]");
        }
        if (mosaic < 0 || mosaic > 1) {
            throw new IllegalArgumentException("mosaic is a probability in [0, 1], was " + mosaic);
        }
        if (copyPaste < 0 || copyPaste > 1) {
            throw new IllegalArgumentException("copy-paste is a probability in [0, 1], was " + copyPaste);
        }
    }

    public AugmentOptions withMosaic(double probability) {
        return new AugmentOptions(enabled, minScale, maxScale, flip, brightness, contrast, saturation, probability,
                copyPaste);
    }

    public AugmentOptions withCopyPaste(double probability) {
        return new AugmentOptions(enabled, minScale, maxScale, flip, brightness, contrast, saturation, mosaic,
                probability);
    }

    public AugmentOptions withEnabled(boolean on) {
        return new AugmentOptions(on, minScale, maxScale, flip, brightness, contrast, saturation, mosaic, copyPaste);
    }
}
