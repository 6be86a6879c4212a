package dev.facemask.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.PreparedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlipTestTest {

    @Test
    void shouldReverseTheColumnsOfEveryRowKeepingEachPixelsChannelsTogether() {
        // 2 x 2 x 2: rows (a b) (c d), each pixel two channels.
        float[] hwc = {1, 2, 3, 4, /* row 2 */ 5, 6, 7, 8};

        assertThat(FlipTest.mirror(hwc, 2, 2)).containsExactly(3, 4, 1, 2, 7, 8, 5, 6);
        assertThat(FlipTest.mirror(FlipTest.mirror(hwc, 2, 2), 2, 2)).containsExactly(hwc);
        assertThatThrownBy(() -> FlipTest.mirror(hwc, 3, 2)).hasMessage("expected 3x3x2 values, got 8");
    }

    @Test
    void shouldPutTheMirrorsAfterTheOriginals() {
        PreparedImage a = new PreparedImage(new float[] {1, 2, 3, 4}, new Letterbox(20, 10, 2), 1);
        PreparedImage b = new PreparedImage(new float[] {5, 6, 7, 8}, new Letterbox(10, 20, 2), 1);

        List<PreparedImage> batch = FlipTest.withMirrors(List.of(a, b));

        assertThat(batch).hasSize(4).startsWith(a, b);
        assertThat(batch.get(2).pixels()).containsExactly(2, 1, 4, 3);
        assertThat(batch.get(3).pixels()).containsExactly(6, 5, 8, 7);
        assertThat(batch.get(2).letterbox()).isEqualTo(a.letterbox());
    }

    /** A 1 x 2 grid of one class: cell 0 scores 0.8 plain, cell 1 of the mirror pass (= cell 0 mirrored back) 0.4. */
    @Test
    void shouldAverageCentreScoresWithTheMirrorPassMirroredBack() {
        float[] plain = {0.8f, 0.2f, /* row 2 */ 0f, 0f};
        float[] mirrored = {0.0f, 0.4f, /* row 2 */ 0.6f, 0f};

        assertThat(FlipTest.mergeHeatmaps(plain, mirrored, 2, 1)).containsExactly(0.6f, 0.1f, 0f, 0.3f);
    }

    @Test
    void shouldAverageLogSizesAndKeepThePlainPassOffsets() {
        // 1 x 1 grid cannot tell mirroring apart, so 2 x 2: cell (0,0) plain, cell (0,1) of the mirror pass.
        float[] plain = new float[16];
        float[] mirrored = new float[16];
        plain[0] = 2f; plain[1] = 1f; plain[2] = 0.25f; plain[3] = 0.75f;
        mirrored[4] = 4f; mirrored[5] = 3f; mirrored[6] = 0.9f; mirrored[7] = 0.1f;

        float[] merged = FlipTest.mergeRegression(plain, mirrored, 2);

        assertThat(merged[0]).isEqualTo(3f);
        assertThat(merged[1]).isEqualTo(2f);
        assertThat(merged[2]).isEqualTo(0.25f);
        assertThat(merged[3]).isEqualTo(0.75f);
        assertThat(merged[4]).as("cell (0,1): its mirror is the mirror pass's cell (0,0), all zero").isEqualTo(0f);
    }
}
