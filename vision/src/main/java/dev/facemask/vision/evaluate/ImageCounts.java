package dev.facemask.vision.evaluate;

/**
 * What went right and wrong in one image at IoU 0.5 (VOC rule) and the operating score.
 *
 * @param image position of the image in the order it was fed, from 0
 * @param truths labelled faces
 * @param predictions predictions at or above the operating score
 * @param truePositives predictions that claimed a truth
 * @param misses truths no prediction claimed
 * @param falseAlarms predictions that claimed no truth
 */
public record ImageCounts(int image, int truths, int predictions, int truePositives, int misses, int falseAlarms) {

    static ImageCounts of(int image, ImageMatch match) {
        return new ImageCounts(image, match.truths().size(), match.predictions().size(), match.truePositives(),
                match.misses(), match.falseAlarms());
    }
}
