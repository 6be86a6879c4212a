package dev.facemask.vision.evaluate;

import static dev.facemask.vision.evaluate.Faces.predicted;
import static dev.facemask.vision.evaluate.Faces.square;
import static dev.facemask.vision.evaluate.Faces.truth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.geometry.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceMatcherTest {

    /** Two overlapping faces: X and Y overlap with IoU 0.12 / 0.20 = 0.6. */
    private static final Box X = new Box(0.0, 0.0, 0.4, 0.4);
    private static final Box Y = new Box(0.1, 0.0, 0.5, 0.4);
    /** Between them: IoU 0.144 / 0.176 = 0.818 with X and 0.136 / 0.184 = 0.739 with Y. */
    private static final Box BETWEEN = new Box(0.04, 0.0, 0.44, 0.4);

    @Test
    void shouldCallASecondBoxOnAClaimedFaceAFalseAlarmUnderVoc() {
        List<Annotation> truths = List.of(truth(0, X), truth(0, Y));
        List<DetectedFace> faces = List.of(predicted(0, 0.6, BETWEEN), predicted(0, 0.9, X));

        ImageMatch match = FaceMatcher.match(truths, faces, 0.5, MatchRule.VOC);

        // Ranked: X (0.9) claims truth 0; BETWEEN (0.6) overlaps truth 0 most, which is taken.
        assertThat(match.predictions()).extracting(MatchedPrediction::truthIndex).containsExactly(0, -1);
        assertThat(match.predictions().get(1).iou()).isCloseTo(0.144 / 0.176, within(1e-12));
        assertThat(List.of(match.truePositives(), match.misses(), match.falseAlarms())).containsExactly(1, 1, 1);
        assertThat(match.claimedTruths()).containsExactly(true, false);
    }

    @Test
    void shouldLetASecondBoxFindTheOtherFreeFaceUnderCoco() {
        List<Annotation> truths = List.of(truth(0, X), truth(0, Y));
        List<DetectedFace> faces = List.of(predicted(0, 0.6, BETWEEN), predicted(0, 0.9, X));

        ImageMatch match = FaceMatcher.match(truths, faces, 0.5, MatchRule.COCO);

        assertThat(match.predictions()).extracting(MatchedPrediction::truthIndex).containsExactly(0, 1);
        assertThat(match.predictions().get(1).iou()).isCloseTo(0.136 / 0.184, within(1e-12));
        assertThat(List.of(match.truePositives(), match.misses(), match.falseAlarms())).containsExactly(2, 0, 0);
    }

    @Test
    void shouldNeverMatchAFaceOfAnotherClass() {
        ImageMatch match = FaceMatcher.match(List.of(truth(1, X)), List.of(predicted(0, 0.9, X)), 0.5, MatchRule.VOC);

        assertThat(match.predictions().get(0).matched()).isFalse();
        assertThat(match.predictions().get(0).iou()).isEqualTo(0.0);
        assertThat(List.of(match.misses(), match.falseAlarms())).containsExactly(1, 1);
    }

    @Test
    void shouldNotMatchBelowTheIouThreshold() {
        // IoU of BETWEEN with Y alone is 0.739: a hit at 0.7, a false alarm at 0.75.
        List<Annotation> truths = List.of(truth(0, Y));
        List<DetectedFace> faces = List.of(predicted(0, 0.9, BETWEEN));

        assertThat(FaceMatcher.match(truths, faces, 0.7, MatchRule.VOC).truePositives()).isEqualTo(1);
        assertThat(FaceMatcher.match(truths, faces, 0.75, MatchRule.VOC).truePositives()).isZero();
    }

    @Test
    void shouldGiveTheTruthToTheFirstOfTwoEqualScores() {
        DetectedFace first = predicted(0, 0.8, X);
        DetectedFace second = predicted(0, 0.8, X);

        ImageMatch match = FaceMatcher.match(List.of(truth(0, X)), List.of(first, second), 0.5, MatchRule.VOC);

        assertThat(match.predictions()).extracting(MatchedPrediction::face).containsExactly(first, second);
        assertThat(match.predictions()).extracting(MatchedPrediction::truthIndex).containsExactly(0, -1);
    }

    @Test
    void shouldCountEveryPredictionOfAnImageWithoutFacesAsAFalseAlarm() {
        ImageMatch match = FaceMatcher.match(List.of(), List.of(predicted(2, 0.4, square(0.1, 0.1))), 0.5,
                MatchRule.VOC);

        assertThat(List.of(match.truePositives(), match.misses(), match.falseAlarms())).containsExactly(0, 0, 1);
    }

    @Test
    void shouldCountEveryTruthAsMissedWhenNothingWasPredicted() {
        ImageMatch match = FaceMatcher.match(List.of(truth(0, X), truth(1, Y)), List.of(), 0.5, MatchRule.COCO);

        assertThat(List.of(match.truePositives(), match.misses(), match.falseAlarms())).containsExactly(0, 2, 0);
    }

    @Test
    void shouldRefuseANanScoreAndAThresholdOutsideZeroToOne() {
        float[] scores = {Float.NaN};
        List<DetectedFace> nan = List.of(new DetectedFace(0, Float.NaN, scores, X));

        assertThatThrownBy(() -> FaceMatcher.match(List.of(), nan, 0.5, MatchRule.VOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A prediction of class 0 has a NaN score; fix the decoder before evaluating");
        assertThatThrownBy(() -> FaceMatcher.match(List.of(), List.of(), 0.0, MatchRule.VOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("IoU threshold must be in (0, 1], was 0.0");
    }
}
