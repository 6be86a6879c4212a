package dev.facemask.cli.bench;

import java.util.Comparator;
import java.util.List;

/**
 * What a job did with a backlog, from its detections: frames/s, the mean batch, and the share of the
 * time the model was running.
 *
 * <p>The clock starts when the first batch ends (or the last batch of a warm-up), so the frames of that batch are not counted:
 * counting them puts {@code n - 1} frames over {@code n / batch - 1} batch times and overstates the
 * rate by a whole batch (9/8 at 64 frames in batches of 8). The first batch also holds the model's
 * warm-up, which a backlog rate should leave out.
 *
 * <p>The busy share tells the two reasons for a pipeline slower than the model apart: below 1, the
 * model waited for frames; near 1, each batch ran slower than alone (the cores were shared).
 *
 * @param framesPerSecond frames after the first batch, per second from its end to the last detection
 * @param meanBatch frames per model call after the first batch
 * @param modelMillisPerBatch the model's mean time per call after the first batch
 * @param modelBusyShare the model's time after the first batch over that window's length
 */
record BacklogRun(double framesPerSecond, double meanBatch, double modelMillisPerBatch, double modelBusyShare) {

    /** One detection: when it was made, how many frames its batch held and how long the model took for it. */
    record Done(long processingMillis, int batchSize, double inferenceMillis) {}

    /**
     * @throws IllegalArgumentException if every detection came from the first batch, so nothing can be timed
     */
    static BacklogRun of(List<Done> detections) {
        return of(detections, 1);
    }

    /**
     * Times the frames after the batch that holds the {@code warmUp}-th detection (at least the first
     * batch): a job that has run for a while has compiled its code, so a warm-up leaves the JIT
     * compiler's work out of a steady rate.
     *
     * @throws IllegalArgumentException if no detection comes after the warm-up's batches
     */
    static BacklogRun of(List<Done> detections, int warmUp) {
        List<Done> byTime = detections.stream().sorted(Comparator.comparingLong(Done::processingMillis)).toList();
        if (byTime.isEmpty()) {
            throw new IllegalArgumentException("no detections to time");
        }
        // A batch's detections are made together, so they are consecutive in time: step over whole batches.
        int firstBatch = 0;
        do {
            firstBatch += Math.max(1, byTime.get(firstBatch).batchSize());
        } while (firstBatch < Math.max(1, warmUp) && firstBatch < byTime.size());
        if (byTime.size() <= firstBatch) {
            throw new IllegalArgumentException(warmUp <= 1
                    ? "all " + byTime.size() + " detections came from the first batch: send more frames than one batch (--frames)"
                    : "all " + byTime.size() + " detections came from the warm-up's batches: send more frames (--frames)");
        }
        List<Done> after = byTime.subList(firstBatch, byTime.size());
        long window = Math.max(1, byTime.get(byTime.size() - 1).processingMillis() - byTime.get(firstBatch - 1).processingMillis());
        // Each detection stands for 1/size of its batch: summing shares counts batches and their times once.
        double batches = after.stream().mapToDouble(d -> 1.0 / Math.max(1, d.batchSize())).sum();
        double modelMillis = after.stream().mapToDouble(d -> d.inferenceMillis() / Math.max(1, d.batchSize())).sum();
        return new BacklogRun(after.size() * 1000.0 / window, after.size() / batches, modelMillis / batches, modelMillis / window);
    }
}
