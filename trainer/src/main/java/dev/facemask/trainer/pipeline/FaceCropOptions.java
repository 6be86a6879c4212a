package dev.facemask.trainer.pipeline;

/**
 * How {@code train --face-crops} cuts single-face training images out of multi-face photos.
 *
 * @param minFacePixels a face's longer side, in the photo's pixels, below which it gets no crop: a
 *     face of 20 pixels enlarged to the model's 244 is a blur that no single-face photo shows
 * @param minShare the smallest share of the crop's side that the face's longer side takes
 * @param maxShare the largest such share; each crop draws its share uniformly between the two.
 *     Portrait-style single-face photos show the face at about a tenth to a half of the frame
 * @param maxOtherShare the largest part of any other face's area that may fall inside a crop: a
 *     crop showing a second face whole would teach the box head that one of two faces is "the" face.
 *     Where a crop at the drawn share holds more, tighter crops are tried, up to
 *     {@link #TIGHTEST_SHARE}
 * @param boxWeight how much each crop's box counts in the training box loss, 0..1, where a photo's
 *     counts 1. A crop enlarges a small face's pixels; at weight 1 the box head learns the crops' softer
 *     faces as much as the photos' sharp ones, and its boxes on large sharp faces come out too narrow.
 *     At 0 the crops teach the classifier only. {@code evaluate --face-crops} ignores it
 */
public record FaceCropOptions(int minFacePixels, double minShare, double maxShare, double maxOtherShare,
        double boxWeight) {

    /** Crops never cut tighter than this: the face's longer side at 80% of the crop's side. */
    public static final double TIGHTEST_SHARE = 0.8;

    /**
     * A crop's box at 0.3 of a photo's. The crops' boxes teach the classifier too (at 0 it fell back to
     * the majority class on held-out faces), while at 1 the crops, three for each photo, pulled the box
     * head off the photos' sharp faces; 0.3 kept the first and undid the second (README, Performance).
     */
    public static final double DEFAULT_BOX_WEIGHT = 0.3;

    public static final FaceCropOptions DEFAULTS = new FaceCropOptions(32, 0.2, 0.5, 0.15, DEFAULT_BOX_WEIGHT);

    public FaceCropOptions {
        if (minFacePixels < 1) {
            throw new IllegalArgumentException("The smallest face to crop must be at least 1 pixel, was " + minFacePixels);
        }
        if (!(minShare > 0 && minShare <= maxShare && maxShare <= TIGHTEST_SHARE)) {
            throw new IllegalArgumentException("Face shares of a crop must satisfy 0 < min <= max <= "
                    + TIGHTEST_SHARE + ", were " + minShare + " and " + maxShare);
        }
        if (!(maxOtherShare >= 0 && maxOtherShare < 1)) {
            throw new IllegalArgumentException("The share of another face allowed in a crop must be in [0, 1), was "
                    + maxOtherShare);
        }
        if (!(boxWeight >= 0 && boxWeight <= 1)) {
            throw new IllegalArgumentException("A crop's box weight must be in 0..1, was " + boxWeight);
        }
    }

    /** The defaults with another smallest face. */
    public FaceCropOptions withMinFacePixels(int pixels) {
        return new FaceCropOptions(pixels, minShare, maxShare, maxOtherShare, boxWeight);
    }

    /** These options with another weight of the crops' boxes. */
    public FaceCropOptions withBoxWeight(double weight) {
        return new FaceCropOptions(minFacePixels, minShare, maxShare, maxOtherShare, weight);
    }
}
