package dev.facemask.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.cli.bench.BacklogRun.Done;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BacklogRunTest {

    /**
     * 8 batches of 8, one every 800 ms, each 600 ms on the model: 10 frames/s, not the 11.25 that 63
     * frames over 5.6 s would claim, and the model busy 600 of every 800 ms.
     */
    @Test
    void shouldCountOnlyTheFramesAfterTheFirstBatch() {
        List<Done> done = new ArrayList<>();
        for (int batch = 0; batch < 8; batch++) {
            for (int i = 0; i < 8; i++) {
                done.add(new Done(5_000 + batch * 800L + i, 8, 600)); // a detection a millisecond, as the factory makes them
            }
        }
        Collections.shuffle(done, new Random(1));

        BacklogRun run = BacklogRun.of(done);

        // 56 frames between the first batch's last detection (5,007 ms) and the last one (10,607 ms).
        assertThat(run.framesPerSecond()).isCloseTo(56 * 1000.0 / 5_600, within(1e-9));
        assertThat(run.meanBatch()).isCloseTo(8.0, within(1e-9));
        assertThat(run.modelMillisPerBatch()).isCloseTo(600.0, within(1e-9));
        assertThat(run.modelBusyShare()).isCloseTo(7 * 600.0 / 5_600, within(1e-9));
    }

    /** A warm-up of 20 frames ends inside the third batch of 8: the clock starts when that batch ends. */
    @Test
    void shouldStartTheClockAfterTheBatchThatEndsTheWarmUp() {
        List<Done> done = new ArrayList<>();
        for (int batch = 0; batch < 8; batch++) {
            for (int i = 0; i < 8; i++) {
                done.add(new Done(5_000 + batch * 800L + i, 8, 600));
            }
        }
        Collections.shuffle(done, new Random(2));

        BacklogRun run = BacklogRun.of(done, 20);

        // 40 frames between the third batch's last detection (6,607 ms) and the last one (10,607 ms).
        assertThat(run.framesPerSecond()).isCloseTo(40 * 1000.0 / 4_000, within(1e-9));
        assertThat(run.modelBusyShare()).isCloseTo(5 * 600.0 / 4_000, within(1e-9));
        assertThat(BacklogRun.of(done, 1)).isEqualTo(BacklogRun.of(done));
        assertThatThrownBy(() -> BacklogRun.of(done, 64))
                .hasMessage("all 64 detections came from the warm-up's batches: send more frames (--frames)");
    }

    /** A first batch of 2, then a batch of 3 (300 ms) and one of 1 (100 ms) over 1,000 ms. */
    @Test
    void shouldTakeTheFirstBatchFromTheEarliestDetectionAndAverageUnevenBatches() {
        List<Done> done = List.of(new Done(100, 2, 50), new Done(101, 2, 50),
                new Done(600, 3, 300), new Done(601, 3, 300), new Done(602, 3, 300), new Done(1_101, 1, 100));

        BacklogRun run = BacklogRun.of(done);

        assertThat(run.framesPerSecond()).isCloseTo(4 * 1000.0 / 1_000, within(1e-9));
        assertThat(run.meanBatch()).isCloseTo(2.0, within(1e-9));
        assertThat(run.modelMillisPerBatch()).isCloseTo(200.0, within(1e-9));
        assertThat(run.modelBusyShare()).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void shouldRefuseARunThatNeverGotPastTheFirstBatch() {
        assertThatThrownBy(() -> BacklogRun.of(List.of(new Done(1, 8, 10), new Done(2, 8, 10))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("all 2 detections came from the first batch: send more frames than one batch (--frames)");
        assertThatThrownBy(() -> BacklogRun.of(List.of())).hasMessage("no detections to time");
    }
}
