package dev.facemask.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.vision.geometry.Box;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seven images, two classes, every true box T = (0, 0, 0.5, 0.5). Predicted boxes and their IoU
 * with T, worked out by hand: A = T (1), B = (0, 0, 0.5, 0.25) (0.125 / 0.25 = 0.5),
 * C = (0.25, 0, 0.75, 0.5) (0.125 / 0.375 = 1/3), D = (0.5, 0.5, 1, 1) (0), E = (0, 0, 0.5, 0.4)
 * (0.2 / 0.25 = 0.8).
 */
class MetricsCalculatorTest {

    private static final Box T = new Box(0, 0, 0.5, 0.5);
    private static final Box A = T;
    private static final Box B = new Box(0, 0, 0.5, 0.25);
    private static final Box C = new Box(0.25, 0, 0.75, 0.5);
    private static final Box D = new Box(0.5, 0.5, 1, 1);
    private static final Box E = new Box(0, 0, 0.5, 0.4);
    private static final List<String> CLASSES = List.of("masked", "unmasked");

    private static SampleOutcome outcome(int n, int truth, int predicted, double score, Box box) {
        return new SampleOutcome(Path.of("img" + n + ".png"), truth, T, predicted, score, box);
    }

    //  #  true pred score box IoU
    //  1   0    0   0.90  A   1      class 0 hit
    //  2   0    1   0.80  E   0.8    wrong class
    //  3   1    1   0.70  B   0.5    class 1 hit (0.5 counts)
    //  4   1    1   0.95  C   1/3    right class, box missed
    //  5   0    0   0.60  D   0      right class, box missed
    //  6   0    1   0.85  A   1      wrong class
    //  7   1    1   0.50  A   1      class 1 hit
    private static final List<SampleOutcome> FIXTURE = List.of(
            outcome(1, 0, 0, 0.90, A),
            outcome(2, 0, 1, 0.80, E),
            outcome(3, 1, 1, 0.70, B),
            outcome(4, 1, 1, 0.95, C),
            outcome(5, 0, 0, 0.60, D),
            outcome(6, 0, 1, 0.85, A),
            outcome(7, 1, 1, 0.50, A));

    @Test
    void shouldMatchHandComputedClassificationMetrics() {
        EvaluationMetrics m = MetricsCalculator.compute(FIXTURE, CLASSES);

        assertThat(m.evaluated()).isEqualTo(7);
        assertThat(m.accuracy()).isEqualTo(5.0 / 7); // 1, 3, 4, 5, 7 right
        assertThat(m.confusion()).isDeepEqualTo(new int[][] {{2, 2}, {0, 3}});
        assertThat(m.majorityAccuracy()).isEqualTo(4.0 / 7); // always "masked": 4 of 7
        ClassMetrics masked = m.perClass().get(0);
        ClassMetrics unmasked = m.perClass().get(1);
        assertThat(masked).isEqualTo(new ClassMetrics(0, "masked", 4, 2, 1.0, 0.5, 0.25));
        assertThat(unmasked.support()).isEqualTo(3);
        assertThat(unmasked.predicted()).isEqualTo(5);
        assertThat(unmasked.precision()).isEqualTo(0.6);
        assertThat(unmasked.recall()).isEqualTo(1.0);
    }

    @Test
    void shouldMatchHandComputedBoxMetrics() {
        EvaluationMetrics m = MetricsCalculator.compute(FIXTURE, CLASSES);

        // IoUs 1, 0.8, 0.5, 1/3, 0, 1, 1: sum 139/30.
        assertThat(m.meanIou()).isCloseTo(139.0 / 210, within(1e-12));
        assertThat(m.medianIou()).isCloseTo(0.8, within(1e-12)); // sorted 0, 1/3, 0.5, 0.8, 1, 1, 1
        assertThat(m.iouAtLeast50()).isEqualTo(5.0 / 7);
    }

    @Test
    void shouldMatchHandComputedAveragePrecision() {
        EvaluationMetrics m = MetricsCalculator.compute(FIXTURE, CLASSES);

        // masked: ranked 0.90 hit, 0.60 miss; 4 positives -> P/R (1, 0.25), (0.5, 0.25) -> AP 0.25.
        assertThat(m.perClass().get(0).averagePrecision()).isCloseTo(0.25, within(1e-12));
        // unmasked: ranked 0.95 miss, 0.85 miss, 0.80 miss, 0.70 hit, 0.50 hit; 3 positives.
        // P/R at the hits (1/4, 1/3), (2/5, 2/3); interpolated precision 0.4 for both -> AP 2/3 * 0.4.
        assertThat(m.perClass().get(1).averagePrecision()).isCloseTo(4.0 / 15, within(1e-12));
        assertThat(m.map50()).isCloseTo(31.0 / 120, within(1e-12));
    }

    @Test
    void shouldScorePerfectPredictionsAsOne() {
        List<SampleOutcome> perfect = List.of(outcome(1, 0, 0, 0.9, T), outcome(2, 1, 1, 0.8, T));

        EvaluationMetrics m = MetricsCalculator.compute(perfect, CLASSES);

        assertThat(m.accuracy()).isEqualTo(1.0);
        assertThat(m.meanIou()).isEqualTo(1.0);
        assertThat(m.medianIou()).isEqualTo(1.0);
        assertThat(m.map50()).isEqualTo(1.0);
    }

    @Test
    void shouldLeaveAClassWithoutTruthOutOfTheMean() {
        // Only class 0 occurs; one hit, one miss ranked below it -> AP 0.5; class 1 has no support.
        List<SampleOutcome> onlyMasked = List.of(outcome(1, 0, 0, 0.9, T), outcome(2, 0, 1, 0.8, T));

        EvaluationMetrics m = MetricsCalculator.compute(onlyMasked, CLASSES);

        assertThat(m.perClass().get(1)).isEqualTo(new ClassMetrics(1, "unmasked", 0, 1, 0.0, 0.0, 0.0));
        assertThat(m.perClass().get(0).averagePrecision()).isEqualTo(0.5);
        assertThat(m.map50()).isEqualTo(0.5);
        assertThat(m.medianIou()).isEqualTo(1.0);
    }

    @Test
    void shouldRefuseAnEmptyList() {
        assertThatThrownBy(() -> MetricsCalculator.compute(List.of(), CLASSES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No images were evaluated: there is nothing to measure");
    }

    @Test
    void shouldNameAnOutcomeWithAnUnknownClass() {
        assertThatThrownBy(() -> MetricsCalculator.compute(List.of(outcome(9, 2, 0, 0.5, T)), CLASSES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Class index out of range for 2 classes in img9.png: true 2, predicted 0");
    }
}
