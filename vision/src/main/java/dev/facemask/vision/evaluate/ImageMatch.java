package dev.facemask.vision.evaluate;

import dev.facemask.vision.dataset.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The predictions of one image matched against its truths: what was found, what was missed and what
 * was reported where there is no face.
 *
 * <pre>{@code
 * ImageMatch match = FaceMatcher.match(truths, predictions, 0.5, MatchRule.VOC);
 * int misses = match.misses();          // truths no prediction claimed
 * int falseAlarms = match.falseAlarms(); // predictions that claimed no truth
 * ImageMatch shown = match.atScore(0.3); // the same image at an operating threshold
 * }</pre>
 *
 * @param truths the labelled faces, in the caller's order (truth indices refer to it)
 * @param predictions every prediction, highest score first; equal scores keep the caller's order
 * @param iouThreshold the IoU a prediction needed to claim a truth
 * @param rule how predictions claimed truths
 */
public record ImageMatch(List<Annotation> truths, List<MatchedPrediction> predictions, double iouThreshold,
        MatchRule rule) {

    public ImageMatch {
        truths = List.copyOf(truths);
        predictions = List.copyOf(predictions);
        Objects.requireNonNull(rule, "rule");
    }

    /** Predictions that claimed a truth. */
    public int truePositives() {
        return (int) predictions.stream().filter(MatchedPrediction::matched).count();
    }

    /** Predictions that claimed no truth: a box on nothing, on a face of another class, or a duplicate. */
    public int falseAlarms() {
        return predictions.size() - truePositives();
    }

    /** Truths that no prediction claimed. */
    public int misses() {
        return truths.size() - truePositives();
    }

    /** True for each truth, by index, that a prediction claimed. */
    public boolean[] claimedTruths() {
        boolean[] claimed = new boolean[truths.size()];
        for (MatchedPrediction p : predictions) {
            if (p.matched()) {
                claimed[p.truthIndex()] = true;
            }
        }
        return claimed;
    }

    /**
     * The same image with only the predictions scoring at least {@code minScore}. Matching them again
     * would give the same claims: greedy matching by score never lets a lower score change what a
     * higher one claimed, so the ranked prefix keeps its matches. The comparison is in float, the
     * scores' type, so that a face scored {@code 0.7f} passes {@code atScore(0.7)}.
     */
    public ImageMatch atScore(double minScore) {
        List<MatchedPrediction> kept = new ArrayList<>();
        for (MatchedPrediction p : predictions) {
            if (p.face().score() >= (float) minScore) {
                kept.add(p);
            }
        }
        return new ImageMatch(truths, kept, iouThreshold, rule);
    }
}
