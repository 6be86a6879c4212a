package dev.facemask.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.preprocess.Letterbox;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecallBySizeTest {

    private static final List<String> NAMES = List.of("mask", "no-mask");
    // Image 1: 400x200 into 200 px, scale 0.5. Sides at the model's input in the comments.
    private static final Box A = new Box(0.1, 0.1, 0.2, 0.3);      // 40x40 px -> 20
    private static final Box B = new Box(0.5, 0.5, 0.52, 0.54);    // 8x8 px -> 4
    private static final Box C = new Box(0.6, 0.1, 0.9, 0.9);      // 120x160 px -> 69.3
    // Image 2: 100x100 into 200 px, scale 2.
    private static final Box D = new Box(0.0, 0.0, 0.7, 0.7);      // 70x70 px -> 140
    private static final Box E = new Box(0.5, 0.5, 0.5625, 0.5625); // 6.25x6.25 px -> 12.5

    @Test
    void shouldCountFacesFoundByTheirSizeAtTheModelsInput() {
        List<List<Annotation>> truths = List.of(
                List.of(new Annotation(0, A), new Annotation(1, B), new Annotation(1, C)),
                List.of(new Annotation(0, D), new Annotation(0, E)));
        List<List<DetectedFace>> faces = List.of(
                // A found though called no-mask; C found by a box shifted down (IoU 0.8); one false alarm; B missed.
                List.of(face(1, 0.9f, A), face(1, 0.8f, new Box(0.6, 0.1 + 0.8 / 9, 0.9, 0.9 + 0.8 / 9)),
                        face(0, 0.7f, new Box(0.3, 0.6, 0.4, 0.7))),
                // D found; E missed.
                List.of(face(0, 0.6f, D)));
        List<Letterbox> letterboxes = List.of(new Letterbox(400, 200, 200), new Letterbox(100, 100, 200));

        RecallBySize r = RecallBySize.of(truths, faces, letterboxes, 2);

        assertThat(r.edges()).containsExactly(0, 8, 16, 32, 64, 128);
        assertThat(r.labelled()).isDeepEqualTo(new int[][] {{0, 1}, {1, 0}, {1, 0}, {0, 0}, {0, 1}, {1, 0}});
        assertThat(r.found()).isDeepEqualTo(new int[][] {{0, 0}, {0, 0}, {1, 0}, {0, 0}, {0, 1}, {1, 0}});
        assertThat(r.range(0)).isEqualTo("0-8 px");
        assertThat(r.range(5)).isEqualTo("128+ px");
        assertThat(r.markdown(NAMES)).isEqualTo("""
                | face side at the model's input | found of labelled | recall | mask | no-mask |
                |---|---|---|---|---|
                | 0-8 px | 0 of 1 | 0.000 | - | 0 of 1 |
                | 8-16 px | 0 of 1 | 0.000 | 0 of 1 | - |
                | 16-32 px | 1 of 1 | 1.000 | 1 of 1 | - |
                | 64-128 px | 1 of 1 | 1.000 | - | 1 of 1 |
                | 128+ px | 1 of 1 | 1.000 | 1 of 1 | - |
                """);
        assertThat(r.lines(NAMES)).isEqualTo(String.join(System.lineSeparator(),
                "  faces found by their size at the model's input (IoU 0.5, class ignored):",
                "    0-8 px:    0 of 1 (0.000): no-mask 0 of 1",
                "    8-16 px:   0 of 1 (0.000): mask 0 of 1",
                "    16-32 px:  1 of 1 (1.000): mask 1 of 1",
                "    64-128 px: 1 of 1 (1.000): no-mask 1 of 1",
                "    128+ px:   1 of 1 (1.000): mask 1 of 1"));
    }

    @Test
    void shouldRefuseLetterboxesForOtherImages() {
        assertThatThrownBy(() -> RecallBySize.of(List.of(List.of(new Annotation(0, A))), List.of(List.of()), List.of(), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Got labels for 1 images but letterboxes for 0; give both for the same images");
    }

    private static DetectedFace face(int classId, float score, Box box) {
        float[] classScores = new float[2];
        classScores[classId] = score;
        return new DetectedFace(classId, score, classScores, box);
    }
}
