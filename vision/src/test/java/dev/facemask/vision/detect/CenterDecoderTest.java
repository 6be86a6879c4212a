package dev.facemask.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.vision.geometry.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class CenterDecoderTest {

    private static final int GRID = 8;

    @Test
    void shouldKeepOnlyLocalMaximaAboveTheThresholdBestFirst() {
        float[] heat = new float[GRID * GRID * 2];
        set(heat, 2, 2, 0, 0.9f);
        set(heat, 2, 3, 0, 0.8f);  // beside a stronger peak of its class: suppressed
        set(heat, 6, 6, 1, 0.5f);
        set(heat, 0, 7, 1, 0.05f);  // under the threshold

        List<DetectedFace> faces = new CenterDecoder(new DecodeOptions(10, 0.1f, 1)).decode(heat, sizes(), GRID, 2);

        assertThat(faces).extracting(DetectedFace::classId).containsExactly(0, 1);
        assertThat(faces).extracting(DetectedFace::score).containsExactly(0.9f, 0.5f);
        assertThat(faces.get(1).classScores()).containsExactly(0f, 0.5f);
    }

    @Test
    void shouldDropAWeakerPeakOfAnotherClassOnTheSameFaceAndStopAtTopK() {
        float[] heat = new float[GRID * GRID * 2];
        set(heat, 4, 4, 0, 0.9f);
        set(heat, 4, 4, 1, 0.6f);  // same cell, other class: same box, IoU 1
        set(heat, 1, 1, 0, 0.4f);
        set(heat, 6, 1, 1, 0.3f);

        assertThat(new CenterDecoder(new DecodeOptions(10, 0.1f, 0.6)).decode(heat, sizes(), GRID, 2))
                .extracting(DetectedFace::score).containsExactly(0.9f, 0.4f, 0.3f);
        assertThat(new CenterDecoder(new DecodeOptions(2, 0.1f, 1)).decode(heat, sizes(), GRID, 2))
                .extracting(DetectedFace::score).containsExactly(0.9f, 0.6f);
    }

    /**
     * A 4x4-cell face at (4, 4) scoring 0.9; a 1x1-cell box at (3, 4), wholly inside it, scoring 0.6
     * (IoU 1 / 16, so IoU suppression keeps it); a 1x1-cell box at (4, 6) half inside it, scoring 0.5;
     * a 1x1-cell face at (0, 0), outside, scoring 0.4.
     */
    @Test
    void shouldDropABoxLyingInsideAStrongerOneByTheShareOfItsArea() {
        float[] heat = new float[GRID * GRID * 2];
        float[] reg = sizes();
        set(heat, 4, 4, 0, 0.9f);
        reg[(4 * GRID + 4) * 4] = (float) Math.log(4);
        reg[(4 * GRID + 4) * 4 + 1] = (float) Math.log(4);
        set(heat, 3, 4, 1, 0.6f); // another class, so not a neighbour of the 0.9 peak
        set(heat, 4, 6, 1, 0.5f);
        // centre x 6.5: box 6..7 cells, the face 2.5..6.5, so half of it inside
        set(heat, 0, 0, 1, 0.4f);

        assertThat(new CenterDecoder(new DecodeOptions(10, 0.1f, 0.4)).decode(heat, reg, GRID, 2))
                .extracting(DetectedFace::score).containsExactly(0.9f, 0.6f, 0.5f, 0.4f);
        assertThat(new CenterDecoder(new DecodeOptions(10, 0.1f, 0.4, 0.8, 0)).decode(heat, reg, GRID, 2))
                .extracting(DetectedFace::score).containsExactly(0.9f, 0.5f, 0.4f);
        assertThat(new CenterDecoder(new DecodeOptions(10, 0.1f, 0.4, 0.5, 0)).decode(heat, reg, GRID, 2))
                .extracting(DetectedFace::score).containsExactly(0.9f, 0.4f);
        assertThat(new CenterDecoder(new DecodeOptions(10, 0.1f, 1, 0.8, 0)).decode(heat, reg, GRID, 2))
                .extracting(DetectedFace::score).containsExactly(0.9f, 0.5f, 0.4f);
    }

    /**
     * A peak at (4, 4) scoring 0.8 regresses a 2x2-cell box centred at (4.5, 4.5); its neighbour at
     * (4, 5), scoring 0.4, regresses the same centre at 4x4 cells. Voting over 3x3 cells: x min =
     * (0.8 * 3.5 + 0.4 * 2.5) / 1.2 = 3.1667 cells, x max = (0.8 * 5.5 + 0.4 * 6.5) / 1.2 = 5.8333; the
     * cells scoring 0 have no vote.
     */
    @Test
    void shouldAverageTheBoxesAroundAPeakWeightedByTheirScores() {
        float[] heat = new float[GRID * GRID * 2];
        float[] reg = sizes();
        set(heat, 4, 4, 0, 0.8f);
        reg[(4 * GRID + 4) * 4] = (float) Math.log(2);
        reg[(4 * GRID + 4) * 4 + 1] = (float) Math.log(2);
        set(heat, 4, 5, 0, 0.4f);
        reg[(4 * GRID + 5) * 4] = (float) Math.log(4);
        reg[(4 * GRID + 5) * 4 + 1] = (float) Math.log(4);
        reg[(4 * GRID + 5) * 4 + 2] = -0.5f;

        Box alone = new CenterDecoder(new DecodeOptions(10, 0.1f, 1)).decode(heat, reg, GRID, 2).get(0).box();
        List<DetectedFace> voted = new CenterDecoder(new DecodeOptions(10, 0.1f, 1, 1, 1)).decode(heat, reg, GRID, 2);

        assertThat(alone.xMin() * GRID).isCloseTo(3.5, within(1e-6));
        assertThat(alone.xMax() * GRID).isCloseTo(5.5, within(1e-6));
        assertThat(voted).hasSize(1);
        Box box = voted.get(0).box();
        assertThat(voted.get(0).score()).isEqualTo(0.8f);
        assertThat(box.xMin() * GRID).isCloseTo(3.8 / 1.2, within(1e-6));
        assertThat(box.xMax() * GRID).isCloseTo(7.0 / 1.2, within(1e-6));
        assertThat(box.yMin() * GRID).isCloseTo(3.8 / 1.2, within(1e-6));
        assertThat(box.yMax() * GRID).isCloseTo(7.0 / 1.2, within(1e-6));
    }

    @Test
    void shouldNameWhatDoesNotFitTheGrid() {
        assertThatThrownBy(() -> new CenterDecoder(DecodeOptions.DEFAULTS).decode(new float[5], sizes(), GRID, 2))
                .hasMessage("heatmap has 5 floats, expected 128");
        assertThatThrownBy(() -> new DecodeOptions(0, 0.1f, 0.5)).hasMessage("topK must be at least 1, was 0");
        assertThatThrownBy(() -> new DecodeOptions(5, 1.5f, 0.5)).hasMessage("scoreThreshold must be in [0, 1), was 1.5");
        assertThatThrownBy(() -> new DecodeOptions(5, 0.1f, 0.5, 0, 0))
                .hasMessage("nmsContainment must be in (0, 1] (1 turns it off), was 0.0");
        assertThatThrownBy(() -> new DecodeOptions(5, 0.1f, 0.5, 1, 5))
                .hasMessage("voteRadius must be 0 to 4 cells (0 turns it off), was 5");
    }

    /** Every cell regresses a 1 x 1 cell box centred in it. */
    private static float[] sizes() {
        float[] r = new float[GRID * GRID * 4];
        for (int cell = 0; cell < GRID * GRID; cell++) {
            r[cell * 4 + 2] = 0.5f;
            r[cell * 4 + 3] = 0.5f;
        }
        return r;
    }

    private static void set(float[] heat, int row, int col, int c, float v) {
        heat[(row * GRID + col) * 2 + c] = v;
    }
}
