package dev.facemask.vision.evaluate;

import static dev.facemask.vision.evaluate.Faces.predicted;
import static dev.facemask.vision.evaluate.Faces.square;
import static dev.facemask.vision.evaluate.Faces.truth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.geometry.Box;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.assertj.core.data.Offset;

/**
 * A hand-computed PASCAL VOC example: three images, four classes (0 mask, 1 no-mask, 2 worn
 * incorrectly, 3 unused), ties in score, a duplicate detection, a class with truths and no
 * predictions, a class with neither, and an image with no truths. Every box either sits exactly on a
 * truth (IoU 1) or on nothing (IoU 0), so matching is the same at every IoU threshold.
 *
 * <pre>
 * image A: truths  T1 mask @a, T2 mask @b, T3 no-mask @c
 *          p1 mask 0.9 @a  -> TP (T1)
 *          p2 mask 0.8 @a  -> FP, duplicate of T1
 *          p3 mask 0.6 @b  -> TP (T2)
 *          p4 no-mask 0.7 @c -> TP (T3)
 * image B: truths  T4 mask @d, T5 worn-incorrectly @e
 *          p5 mask 0.8 @d  -> TP (T4)
 *          p6 mask 0.6 @z  -> FP, on nothing
 *          p7 no-mask 0.9 @e -> FP, wrong class on T5; T5 is missed
 * image C: no truths
 *          p8 no-mask 0.5 @z -> FP
 *          p9 mask 0.8 @z  -> FP
 * </pre>
 */
class VocAveragePrecisionTest {

    private static final Offset<Double> EXACT = within(1e-12);
    private static final Box A = square(0.0, 0.0);
    private static final Box B = square(0.3, 0.0);
    private static final Box C = square(0.6, 0.0);
    private static final Box D = square(0.0, 0.3);
    private static final Box E = square(0.3, 0.3);
    private static final Box NOTHING = square(0.7, 0.7);

    private static final List<Annotation> TRUTHS_A = List.of(truth(0, A), truth(0, B), truth(1, C));
    private static final List<DetectedFace> FACES_A = List.of(predicted(0, 0.9, A), predicted(0, 0.8, A),
            predicted(0, 0.6, B), predicted(1, 0.7, C));
    private static final List<Annotation> TRUTHS_B = List.of(truth(0, D), truth(2, E));
    private static final List<DetectedFace> FACES_B = List.of(predicted(0, 0.8, D), predicted(0, 0.6, NOTHING),
            predicted(1, 0.9, E));
    private static final List<DetectedFace> FACES_C = List.of(predicted(1, 0.5, NOTHING), predicted(0, 0.8, NOTHING));

    private static DetectionMetrics feedInOrderABC() {
        DetectionAccumulator accumulator = DetectionAccumulator.builder().classCount(Faces.CLASSES).build();
        accumulator.add(TRUTHS_A, FACES_A);
        accumulator.add(TRUTHS_B, FACES_B);
        accumulator.add(List.of(), FACES_C);
        return accumulator.result();
    }

    /**
     * Mask: 3 truths (T1, T2, T4). Ranked by score, ties in feeding order (A before B before C):
     * <pre>
     * rank  pred  score  hit  TP FP  precision  recall  envelope
     *  1    p1    0.9    TP   1  0   1          1/3     1
     *  2    p2    0.8    FP   1  1   1/2        1/3     2/3
     *  3    p5    0.8    TP   2  1   2/3        2/3     2/3
     *  4    p9    0.8    FP   2  2   2/4        2/3     3/5
     *  5    p3    0.6    TP   3  2   3/5        1       3/5
     *  6    p6    0.6    FP   3  3   3/6        1       1/2
     * </pre>
     * Recall steps: 0 -> 1/3 at envelope 1, 1/3 -> 2/3 at 2/3, 2/3 -> 1 at 3/5:
     * AP = 1/3 + 2/9 + 1/5 = 34/45 = 0.755556.
     */
    @Test
    void shouldComputeMaskApByHandWithTiesInFeedingOrder() {
        ClassDetectionMetrics mask = feedInOrderABC().perClass().get(0);

        assertThat(mask.truths()).isEqualTo(3);
        assertThat(mask.predictions()).isEqualTo(6);
        assertThat(mask.ap50()).isCloseTo(34.0 / 45, EXACT);
        assertThat(mask.curve().points()).extracting(PrecisionRecallPoint::score)
                .containsExactly(0.9f, 0.8f, 0.8f, 0.8f, 0.6f, 0.6f);
        assertThat(mask.curve().points()).extracting(PrecisionRecallPoint::precision)
                .containsExactly(1.0, 1.0 / 2, 2.0 / 3, 2.0 / 4, 3.0 / 5, 3.0 / 6);
        assertThat(mask.curve().points()).extracting(PrecisionRecallPoint::recall)
                .containsExactly(1.0 / 3, 1.0 / 3, 2.0 / 3, 2.0 / 3, 1.0, 1.0);
    }

    /**
     * No-mask: 1 truth (T3). Ranked: p7 0.9 FP, p4 0.7 TP, p8 0.5 FP; precision 0, 1/2, 1/3; recall
     * 0, 1, 1; envelope 1/2, 1/2, 1/3. AP = (1 - 0) * 1/2 = 0.5.
     * Worn incorrectly: 1 truth (T5), no predictions: AP 0, and it counts in the mean.
     * Class 3: no truths, no predictions: AP 0, left out of the mean.
     * mAP@0.5 = (34/45 + 1/2 + 0) / 3 = 113/270 = 0.418519.
     */
    @Test
    void shouldAverageOverClassesWithTruthsOnly() {
        DetectionMetrics metrics = feedInOrderABC();

        assertThat(metrics.perClass().get(1).ap50()).isCloseTo(0.5, EXACT);
        assertThat(metrics.perClass().get(2).ap50()).isEqualTo(0.0);
        assertThat(metrics.perClass().get(2).predictions()).isZero();
        assertThat(metrics.perClass().get(3).hasTruths()).isFalse();
        assertThat(metrics.map50()).isCloseTo(113.0 / 270, EXACT);
    }

    /**
     * COCO, 101 recall points r = 0, 0.01, ..., 1, each taking the envelope at the first rank whose
     * recall reaches r. IoUs are 0 or 1, so all ten thresholds give the same AP.
     * Mask: r 0..0.33 (34 points) -> 1; r 0.34..0.66 (33) -> 2/3; r 0.67..1 (34) -> 3/5:
     * AP = (34 + 22 + 20.4) / 101 = 76.4 / 101 = 0.756436.
     * No-mask: every r reaches rank 1 or 2, envelope 1/2: AP = 0.5. Worn incorrectly: 0.
     * mAP@[.5:.95] = (76.4/101 + 0.5 + 0) / 3 = 126.9 / 303 = 0.418812.
     */
    @Test
    void shouldComputeCocoMapWithOneHundredOneRecallPoints() {
        DetectionMetrics metrics = feedInOrderABC();

        assertThat(metrics.perClass().get(0).ap50to95()).isCloseTo(76.4 / 101, EXACT);
        assertThat(metrics.perClass().get(1).ap50to95()).isCloseTo(0.5, EXACT);
        assertThat(metrics.map50to95()).isCloseTo(126.9 / 303, EXACT);
    }

    /**
     * Per image at IoU 0.5, every prediction counted (operating score 0):
     * A: 3 truths, 4 predictions, 3 TP, 0 misses, 1 false alarm (p2).
     * B: 2 truths, 3 predictions, 1 TP, 1 miss (T5), 2 false alarms (p6, p7).
     * C: 0 truths, 2 predictions, 0 TP, 0 misses, 2 false alarms.
     */
    @Test
    void shouldCountMissesAndFalseAlarmsPerImage() {
        DetectionMetrics metrics = feedInOrderABC();

        assertThat(metrics.images()).containsExactly(new ImageCounts(0, 3, 4, 3, 0, 1),
                new ImageCounts(1, 2, 3, 1, 1, 2), new ImageCounts(2, 0, 2, 0, 0, 2));
        assertThat(List.of(metrics.truths(), metrics.predictions(), metrics.truePositives(), metrics.misses(),
                metrics.falseAlarms())).containsExactly(5, 9, 4, 1, 5);
    }

    /**
     * Fed B, A, C the mask ranking becomes p1 TP, p5 TP, p2 FP, p9 FP, p6 FP, p3 TP: precision 1, 1,
     * 2/3, 1/2, 2/5, 1/2; recall 1/3, 2/3, 2/3, 2/3, 2/3, 1; envelope 1, 1, 2/3, 1/2, 1/2, 1/2.
     * AP = 1/3 + 1/3 + 1/3 * 1/2 = 5/6: ties follow the feeding order, as documented.
     */
    @Test
    void shouldBreakScoreTiesByFeedingOrder() {
        DetectionAccumulator accumulator = DetectionAccumulator.builder().classCount(Faces.CLASSES).build();
        accumulator.add(TRUTHS_B, FACES_B);
        accumulator.add(TRUTHS_A, FACES_A);
        accumulator.add(List.of(), FACES_C);

        assertThat(accumulator.result().perClass().get(0).ap50()).isCloseTo(5.0 / 6, EXACT);
    }

    /**
     * At operating score 0.7 image A keeps p1, p2, p4 (p3 goes, so T2 becomes a miss), image B keeps
     * p5 and p7, image C keeps p9. The APs still use every prediction.
     */
    @Test
    void shouldCountOnlyPredictionsAtTheOperatingScore() {
        DetectionAccumulator accumulator = DetectionAccumulator.builder().classCount(Faces.CLASSES)
                .operatingScore(0.7).build();
        ImageMatch a = accumulator.add(TRUTHS_A, FACES_A);
        accumulator.add(TRUTHS_B, FACES_B);
        accumulator.add(List.of(), FACES_C);
        DetectionMetrics metrics = accumulator.result();

        assertThat(a.predictions()).extracting(MatchedPrediction::truthIndex).containsExactly(0, -1, 2);
        assertThat(metrics.images()).containsExactly(new ImageCounts(0, 3, 3, 2, 1, 1),
                new ImageCounts(1, 2, 2, 1, 1, 1), new ImageCounts(2, 0, 1, 0, 0, 1));
        assertThat(metrics.perClass().get(0).ap50()).isCloseTo(34.0 / 45, EXACT);
    }
}
