package dev.facemask.trainer.evaluate;

/**
 * A test image that could not be evaluated.
 *
 * @param image path as given
 * @param reason why it was skipped, for example "not an image ImageIO can read"
 */
public record SkippedImage(String image, String reason) {}
