package dev.facemask.vision.evaluate;

import static dev.facemask.vision.evaluate.Faces.square;
import static dev.facemask.vision.evaluate.Faces.truth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.geometry.Box;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * A hand-worked two-image example scored with each face in its top class only, and with every class
 * score (multi-label). Image 1 holds a masked face T1 at (0, 0) and an unmasked face T2 at (0.5, 0.5);
 * the model finds both, but calls T2 masked (0.6 against 0.4). Image 2 holds an unmasked face T3 at
 * (0, 0), found as unmasked at 0.5, and a false alarm at (0.5, 0.5) that the model calls unmasked at 0.7.
 */
class ClassScoringTest {

    private static final Offset<Double> EXACT = within(1e-12);

    private static final List<Annotation> TRUTHS_1 = List.of(truth(0, square(0, 0)), truth(1, square(0.5, 0.5)));
    private static final List<Annotation> TRUTHS_2 = List.of(truth(1, square(0, 0)));
    private static final List<DetectedFace> FACES_1 = List.of(face(square(0, 0), 0.9f, 0.1f),
            face(square(0.5, 0.5), 0.6f, 0.4f));
    private static final List<DetectedFace> FACES_2 = List.of(face(square(0, 0), 0.3f, 0.5f),
            face(square(0.5, 0.5), 0.2f, 0.7f));

    /**
     * Top class: masked list 0.9 TP, 0.6 FP: AP 1. Unmasked list 0.7 FP, 0.5 TP over 2 truths:
     * precision 0, 1/2 at recall 0, 1/2: AP 1/4. mAP 5/8.
     */
    @Test
    void shouldRankEachFaceInItsTopClassOnly() {
        DetectionMetrics m = score(ClassScoring.TOP_CLASS);

        assertThat(m.perClass().get(0).ap50()).isCloseTo(1, EXACT);
        assertThat(m.perClass().get(1).ap50()).isCloseTo(0.25, EXACT);
        assertThat(m.map50()).isCloseTo(5.0 / 8, EXACT);
        assertThat(m.perClass().get(1).predictions()).isEqualTo(2);
    }

    /**
     * Every class: masked list 0.9 TP, 0.6 FP, 0.3 FP, 0.2 FP: AP 1. Unmasked list 0.7 FP, 0.5 TP (T3),
     * 0.4 TP (T2, the misnamed face's second score), 0.1 FP (T1 is masked): precision 0, 1/2, 2/3, 1/2
     * at recall 0, 1/2, 1, 1; envelope 2/3 from recall 0 to 1: AP 2/3, and COCO's 101 points give 2/3
     * too (every box is exact). mAP 5/6. The per-image counts still take each face once, in its top class.
     */
    @Test
    void shouldRankEveryFaceInEveryClassAtThatClasssScore() {
        DetectionMetrics m = score(ClassScoring.EVERY_CLASS);

        assertThat(m.perClass().get(0).ap50()).isCloseTo(1, EXACT);
        assertThat(m.perClass().get(1).ap50()).isCloseTo(2.0 / 3, EXACT);
        assertThat(m.perClass().get(1).ap50to95()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(m.map50()).isCloseTo(5.0 / 6, EXACT);
        assertThat(m.perClass().get(0).predictions()).isEqualTo(4);
        assertThat(m.perClass().get(1).predictions()).isEqualTo(4);
        assertThat(m.images()).containsExactly(new ImageCounts(0, 2, 2, 1, 1, 1), new ImageCounts(1, 1, 2, 1, 0, 1));
        assertThat(List.of(m.truths(), m.predictions(), m.truePositives(), m.misses(), m.falseAlarms()))
                .containsExactly(3, 4, 2, 1, 2);
    }

    @Test
    void shouldRefuseFacesWithoutOneScorePerClass() {
        DetectionAccumulator accumulator = DetectionAccumulator.builder().classCount(3)
                .classScoring(ClassScoring.EVERY_CLASS).build();
        DetectedFace twoScores = new DetectedFace(0, 0.9f, new float[] {0.9f, 0.1f}, square(0, 0));

        assertThatThrownBy(() -> accumulator.add(List.of(), List.of(twoScores)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 class scores").hasMessageContaining("3 classes");
    }

    @Test
    void shouldParseTheCommandLineNames() {
        assertThat(ClassScoring.parse("top")).isEqualTo(ClassScoring.TOP_CLASS);
        assertThat(ClassScoring.parse(" Every ")).isEqualTo(ClassScoring.EVERY_CLASS);
        assertThatThrownBy(() -> ClassScoring.parse("all")).hasMessage("Unknown class scoring 'all': use top or every");
    }

    private static DetectionMetrics score(ClassScoring scoring) {
        DetectionAccumulator accumulator = DetectionAccumulator.builder().classCount(2).classScoring(scoring).build();
        accumulator.add(TRUTHS_1, FACES_1);
        accumulator.add(TRUTHS_2, FACES_2);
        return accumulator.result();
    }

    /** A face of two classes named by its higher score. */
    private static DetectedFace face(Box box, float masked, float unmasked) {
        return new DetectedFace(masked >= unmasked ? 0 : 1, Math.max(masked, unmasked), new float[] {masked, unmasked},
                box);
    }
}
