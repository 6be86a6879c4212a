package dev.facemask.cli.bench;

import java.util.Comparator;
import java.util.List;

/**
 * The frames/s a job sustains on a backlog, from its detections' processing times.
 *
 * <p>The clock starts when the first batch ends, so the frames of that batch are not counted:
 * counting them puts {@code n - 1} frames over {@code n / batch - 1} batch times and overstates the
 * rate by a whole batch (9/8 at 64 frames in batches of 8). The first batch also holds the model's
 * warm-up, which a backlog rate should leave out.
 */
final class BacklogRate {
    private BacklogRate() {}

    /** One detection: when it was made and how many frames its batch held. */
    record Done(long processingMillis, int batchSize) {}

    /**
     * Frames per second after the first batch.
     *
     * @throws IllegalArgumentException if every detection came from the first batch, so no rate can be told
     */
    static double framesPerSecond(List<Done> detections) {
        List<Done> byTime = detections.stream().sorted(Comparator.comparingLong(Done::processingMillis)).toList();
        if (byTime.isEmpty()) {
            throw new IllegalArgumentException("no detections to time");
        }
        int firstBatch = Math.max(1, byTime.get(0).batchSize());
        if (byTime.size() <= firstBatch) {
            throw new IllegalArgumentException("all " + byTime.size() + " detections came from the first batch: "
                    + "send more frames than one batch (--frames)");
        }
        long start = byTime.get(firstBatch - 1).processingMillis();
        long end = byTime.get(byTime.size() - 1).processingMillis();
        return (byTime.size() - firstBatch) * 1000.0 / Math.max(1, end - start);
    }
}
