package dev.facemask.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.cli.bench.BacklogRate.Done;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacklogRateTest {

    /** 8 batches of 8, one every 800 ms: 10 frames/s, not the 11.25 that 63 frames over 5.6 s would claim. */
    @Test
    void shouldCountOnlyTheFramesAfterTheFirstBatch() {
        List<Done> done = new ArrayList<>();
        for (int batch = 0; batch < 8; batch++) {
            for (int i = 0; i < 8; i++) {
                done.add(new Done(5_000 + batch * 800L + i, 8)); // a detection a millisecond, as the factory makes them
            }
        }
        Collections.shuffle(done, new java.util.Random(1));

        // 56 frames between the first batch's last detection (5,007 ms) and the last one (10,607 ms).
        assertThat(BacklogRate.framesPerSecond(done)).isCloseTo(56 * 1000.0 / 5_600, within(1e-9));
    }

    @Test
    void shouldTakeTheFirstBatchSizeFromTheEarliestDetection() {
        List<Done> done = List.of(new Done(100, 2), new Done(101, 2), new Done(600, 8), new Done(601, 8), new Done(1_101, 8));

        assertThat(BacklogRate.framesPerSecond(done)).isCloseTo(3 * 1000.0 / 1_000, within(1e-9));
    }

    @Test
    void shouldRefuseARunThatNeverGotPastTheFirstBatch() {
        assertThatThrownBy(() -> BacklogRate.framesPerSecond(List.of(new Done(1, 8), new Done(2, 8))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("all 2 detections came from the first batch: send more frames than one batch (--frames)");
        assertThatThrownBy(() -> BacklogRate.framesPerSecond(List.of())).hasMessage("no detections to time");
    }
}
