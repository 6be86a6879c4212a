package dev.facemask.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.geometry.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassConfusionTest {

    private static final List<String> NAMES = List.of("mask", "no-mask", "worn");
    private static final Box LEFT = new Box(0.0, 0.0, 0.2, 0.2);
    private static final Box RIGHT = new Box(0.5, 0.5, 0.7, 0.7);
    /** IoU 0.75 with RIGHT: the lower quarter of RIGHT cut off. */
    private static final Box RIGHT_SHORT = new Box(0.5, 0.5, 0.7, 0.65);

    @Test
    void shouldCountTheClassGivenToEachFoundFaceAndTheMisses() {
        assertThat(RIGHT.iou(RIGHT_SHORT)).isCloseTo(0.75, org.assertj.core.data.Offset.offset(1e-9));
        List<List<Annotation>> truths = List.of(
                List.of(new Annotation(0, LEFT), new Annotation(1, RIGHT)),
                List.of(new Annotation(2, LEFT), new Annotation(1, RIGHT)));
        List<List<DetectedFace>> faces = List.of(
                // The duplicate on LEFT (0.5) finds nothing: LEFT is taken by the stronger face.
                List.of(face(0, 0.5f, LEFT), face(0, 0.9f, LEFT), face(0, 0.8f, RIGHT_SHORT)),
                // RIGHT is found as no-mask; LEFT's worn face is missed (the face on it is too small).
                List.of(face(1, 0.7f, RIGHT), face(2, 0.6f, new Box(0.0, 0.0, 0.1, 0.1))));

        ClassConfusion c = ClassConfusion.of(truths, faces, 3);

        assertThat(c.counts()).isDeepEqualTo(new int[][] {{1, 0, 0}, {1, 1, 0}, {0, 0, 0}});
        assertThat(c.missed()).containsExactly(0, 0, 1);
        assertThat(c.accuracyOfFound(0)).isEqualTo(1.0);
        assertThat(c.accuracyOfFound(1)).isEqualTo(0.5);
        assertThat(c.accuracyOfFound(2)).isNaN();
        assertThat(c.markdown(NAMES)).isEqualTo("""
                | labelled \\ given | mask | no-mask | worn | missed | right class when found |
                |---|---|---|---|---|---|
                | mask | 1 | 0 | 0 | 0 | 1.000 |
                | no-mask | 1 | 1 | 0 | 0 | 0.500 |
                | worn | 0 | 0 | 0 | 1 | - |
                """);
        assertThat(c.lines(NAMES)).endsWith("worn: 0 as mask, 0 as no-mask, 0 as worn, 1 missed");
    }

    @Test
    void shouldGiveAFaceThatCoversTwoLabelsToTheOneItOverlapsMost() {
        Box wide = new Box(0.0, 0.0, 0.3, 0.2);
        Box a = new Box(0.0, 0.0, 0.2, 0.2); // IoU with wide 0.667
        Box b = new Box(0.05, 0.0, 0.3, 0.2); // IoU with wide 0.833
        ClassConfusion c = ClassConfusion.of(List.of(List.of(new Annotation(0, a), new Annotation(1, b))),
                List.of(List.of(face(1, 0.9f, wide))), 2);

        assertThat(c.counts()).isDeepEqualTo(new int[][] {{0, 0}, {0, 1}});
        assertThat(c.missed()).containsExactly(1, 0);
    }

    @Test
    void shouldRefuseLabelsAndFacesOfDifferentImages() {
        assertThatThrownBy(() -> ClassConfusion.of(List.of(List.of()), List.of(), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Got labels for 1 images but faces for 0; give both for the same images");
    }

    private static DetectedFace face(int classId, float score, Box box) {
        float[] classScores = new float[3];
        classScores[classId] = score;
        return new DetectedFace(classId, score, classScores, box);
    }
}
