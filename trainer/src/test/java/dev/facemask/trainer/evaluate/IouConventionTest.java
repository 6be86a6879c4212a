package dev.facemask.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.vision.geometry.Box;
import org.junit.jupiter.api.Test;

class IouConventionTest {

    // On a 100 px frame: truth covers pixels 10..20, prediction 15..25 on both axes.
    static final Box TRUTH = new Box(0.101, 0.101, 0.201, 0.201);
    static final Box PREDICTED = new Box(0.151, 0.151, 0.251, 0.251);

    @Test
    void shouldCountInclusiveIntegerPixelsAsTheNotebook() {
        // Each box spans 20 - 10 + 1 = 11 pixels a side (121); the overlap 20 - 15 + 1 = 6 (36).
        assertThat(IouConvention.NOTEBOOK.iou(TRUTH, PREDICTED, 100)).isCloseTo(36.0 / (121 + 121 - 36), within(1e-12));
    }

    @Test
    void shouldMeasureExactOverlapByDefault() {
        // 0.1 x 0.1 boxes shifted by 0.05: overlap 0.0025 of a union 0.0175.
        assertThat(IouConvention.CONTINUOUS.iou(TRUTH, PREDICTED, 100)).isCloseTo(0.0025 / 0.0175, within(1e-9));
    }

    @Test
    void shouldGiveAZeroWidthBoxOnePixelColumnUnderTheNotebookConvention() {
        Box line = new Box(0.101, 0.101, 0.101, 0.201);  // pixels x 10..10, y 10..20: 11 pixels
        assertThat(IouConvention.NOTEBOOK.iou(TRUTH, line, 100)).isCloseTo(11.0 / 121, within(1e-12));
        assertThat(IouConvention.CONTINUOUS.iou(TRUTH, line, 100)).isZero();
    }

    @Test
    void shouldScoreDisjointBoxesZeroUnderBoth() {
        Box far = new Box(0.6, 0.6, 0.8, 0.8);
        assertThat(IouConvention.NOTEBOOK.iou(TRUTH, far, 244)).isZero();
        assertThat(IouConvention.CONTINUOUS.iou(TRUTH, far, 244)).isZero();
    }
}
