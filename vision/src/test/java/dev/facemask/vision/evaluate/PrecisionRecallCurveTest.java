package dev.facemask.vision.evaluate;

import static dev.facemask.vision.evaluate.Faces.predicted;
import static dev.facemask.vision.evaluate.Faces.truth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.vision.geometry.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrecisionRecallCurveTest {

    /**
     * Hits TP, FP, TP of 3 truths: precision 1, 1/2, 2/3; recall 1/3, 1/3, 2/3; envelope 1, 2/3, 2/3.
     * All-point AP = 1/3 * 1 + 1/3 * 2/3 = 5/9. COCO: r 0..0.33 (34 points) -> 1, r 0.34..0.66 (33)
     * -> 2/3, r 0.67..1 (34) never reached -> 0: (34 + 22) / 101 = 56/101.
     */
    @Test
    void shouldReadVocAndCocoApOffTheSameCurve() {
        PrecisionRecallCurve curve = PrecisionRecallCurve.of(new boolean[] {true, false, true},
                new float[] {0.9f, 0.8f, 0.6f}, 3);

        assertThat(curve.allPointAveragePrecision()).isCloseTo(5.0 / 9, within(1e-12));
        assertThat(curve.cocoAveragePrecision()).isCloseTo(56.0 / 101, within(1e-12));
    }

    @Test
    void shouldGiveZeroApWithoutPredictionsOrWithoutTruths() {
        assertThat(PrecisionRecallCurve.of(new boolean[0], new float[0], 2).allPointAveragePrecision()).isEqualTo(0.0);
        assertThat(PrecisionRecallCurve.of(new boolean[0], new float[0], 2).cocoAveragePrecision()).isEqualTo(0.0);
        assertThat(PrecisionRecallCurve.of(new boolean[] {false}, new float[] {0.5f}, 0).allPointAveragePrecision())
                .isEqualTo(0.0);
    }

    @Test
    void shouldRefuseHitsAndScoresOfDifferentLengths() {
        assertThatThrownBy(() -> PrecisionRecallCurve.of(new boolean[2], new float[1], 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hits and scores must have one entry per prediction; got 2 and 1");
    }

    /**
     * One face, one box at IoU 0.155 / 0.25 = 0.62: a hit at COCO thresholds 0.50, 0.55 and 0.60 (AP 1
     * each) and a miss at the seven from 0.65 (AP 0 each). COCO AP = 3/10; VOC AP@0.5 = 1.
     */
    @Test
    void shouldAverageCocoApOverTenIouThresholds() {
        DetectionAccumulator accumulator = DetectionAccumulator.builder().classCount(1).build();
        accumulator.add(List.of(truth(0, new Box(0, 0, 0.5, 0.5))),
                List.of(predicted(0, 0.9, new Box(0, 0, 0.5, 0.31))));

        DetectionMetrics metrics = accumulator.result();

        assertThat(metrics.map50()).isEqualTo(1.0);
        assertThat(metrics.map50to95()).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void shouldUseCocoIouThresholdsFromHalfToNinetyFivePercent() {
        assertThat(DetectionAccumulator.cocoIouThresholds())
                .containsExactly(new double[] {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95}, within(1e-15));
    }

    @Test
    void shouldSayWhatToDoWhenTheClassCountIsMissingOrTooSmall() {
        assertThatThrownBy(() -> DetectionAccumulator.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("classCount must be at least 1; pass the model's number of classes");
        DetectionAccumulator two = DetectionAccumulator.builder().classCount(2).build();
        assertThatThrownBy(() -> two.add(List.of(truth(2, new Box(0, 0, 1, 1))), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A truth has class 2 but the accumulator was built for 2 classes; pass the model's"
                        + " class count to classCount()");
    }
}
