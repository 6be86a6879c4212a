package dev.facemask.vision.evaluate;

/**
 * How a prediction picks the truth it claims, once predictions are ranked by score. Both rules only
 * consider truths of the prediction's class, accept IoU at or above the threshold, and let each truth
 * be claimed once: a later prediction that cannot claim a truth is a false positive.
 *
 * <pre>{@code
 * ImageMatch voc = FaceMatcher.match(truths, predictions, 0.5, MatchRule.VOC);
 * }</pre>
 */
public enum MatchRule {

    /**
     * PASCAL VOC devkit ({@code VOCevaldet.m}): the prediction looks only at the truth it overlaps
     * most. If that truth is already claimed, the prediction is a duplicate and so a false positive,
     * even when it overlaps another free truth enough. Equal overlaps go to the first truth.
     */
    VOC,

    /**
     * COCO ({@code pycocotools} {@code evaluateImg}): the prediction claims the free truth it overlaps
     * most among those at or above the threshold, so in a crowd a second box on two overlapping faces
     * can still find the other face. Equal overlaps go to the last truth, as pycocotools' loop does.
     */
    COCO
}
