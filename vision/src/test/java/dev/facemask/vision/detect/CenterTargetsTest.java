package dev.facemask.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.geometry.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class CenterTargetsTest {

    private static final int GRID = 20;
    private static final int CLASSES = 3;

    @Test
    void shouldDecodeExactlyTheFacesItEncoded() {
        List<Annotation> faces = List.of(new Annotation(0, new Box(0.10, 0.20, 0.30, 0.45)),
                new Annotation(2, new Box(0.55, 0.50, 0.95, 0.90)));
        CenterTargets t = CenterTargets.encode(faces, GRID, CLASSES);

        List<DetectedFace> decoded = new CenterDecoder(new DecodeOptions(10, 0.99f, 1)).decode(t.heatmap(),
                t.regression(), GRID, CLASSES);

        assertThat(t.faces()).isEqualTo(2);
        assertThat(decoded).hasSize(2);
        // Both peaks are exactly 1, so ties keep grid order: the upper-left face first.
        assertFace(decoded.get(0), 0, faces.get(0).box());
        assertFace(decoded.get(1), 2, faces.get(1).box());
    }

    @Test
    void shouldPutAnExactOneOnlyAtEachCentreCellOfItsClass() {
        Box box = new Box(0.40, 0.40, 0.60, 0.70);  // centre (0.5, 0.55): cell (10, 11)
        CenterTargets t = CenterTargets.encode(List.of(new Annotation(1, box)), GRID, CLASSES);

        int ones = 0;
        for (int i = 0; i < t.heatmap().length; i++) {
            if (t.heatmap()[i] == 1f) {
                ones++;
                assertThat(i).isEqualTo((11 * GRID + 10) * CLASSES + 1);
            }
        }
        assertThat(ones).isEqualTo(1);
        assertThat(t.regressionMask()[11 * GRID + 10]).isEqualTo(1f);
        // log of 4 x 6 cells, and the centre's offset in its cell.
        int r = (11 * GRID + 10) * 4;
        assertThat(t.regression()[r]).isCloseTo((float) Math.log(4), within(1e-5f));
        assertThat(t.regression()[r + 1]).isCloseTo((float) Math.log(6), within(1e-5f));
        assertThat(t.regression()[r + 2]).isCloseTo(0f, within(1e-5f));
        assertThat(t.regression()[r + 3]).isCloseTo(0f, within(1e-5f));
    }

    @Test
    void shouldGiveTheNeighbourCellsTheSameBoxSoThatAnOffByOnePeakStillDecodesIt() {
        Box box = new Box(0.40, 0.40, 0.60, 0.70);
        CenterTargets t = CenterTargets.encode(List.of(new Annotation(0, box)), GRID, CLASSES);
        int neighbour = 11 * GRID + 11;  // one cell right of the centre cell

        assertThat(t.regressionMask()[neighbour]).isBetween(0.1f, 0.99f);
        double cx = (neighbour % GRID + t.regression()[neighbour * 4 + 2]) / GRID;
        double cy = (neighbour / GRID + t.regression()[neighbour * 4 + 3]) / GRID;
        assertThat(cx).isCloseTo(box.centerX(), within(1e-6));
        assertThat(cy).isCloseTo(box.centerY(), within(1e-6));
    }

    @Test
    void shouldSkipFacesWhoseCentreFallsOutsideTheGridOrWhoseClassIsUnknown() {
        CenterTargets t = CenterTargets.encode(List.of(new Annotation(0, new Box(1.1, 0.2, 1.3, 0.4)),
                new Annotation(5, new Box(0.2, 0.2, 0.4, 0.4))), GRID, CLASSES);

        assertThat(t.faces()).isZero();
        assertThat(t.regressionMask()).containsOnly(0f);
    }

    @Test
    void shouldUseCenterNetsRadiusRule() {
        // CenterNet's gaussian_radius(4, 4, 0.7) is 1.093, (20, 20) 5.466 and (0.5, 0.5) 0.137: truncated.
        assertThat(CenterTargets.radius(4, 4)).isEqualTo(1);
        assertThat(CenterTargets.radius(20, 20)).isEqualTo(5);
        assertThat(CenterTargets.radius(0.5, 0.5)).isZero();
    }

    private static void assertFace(DetectedFace face, int classId, Box truth) {
        assertThat(face.classId()).isEqualTo(classId);
        assertThat(face.score()).isEqualTo(1f);
        assertThat(face.box().xMin()).isCloseTo(truth.xMin(), within(1e-6));
        assertThat(face.box().yMin()).isCloseTo(truth.yMin(), within(1e-6));
        assertThat(face.box().xMax()).isCloseTo(truth.xMax(), within(1e-6));
        assertThat(face.box().yMax()).isCloseTo(truth.yMax(), within(1e-6));
    }
}
