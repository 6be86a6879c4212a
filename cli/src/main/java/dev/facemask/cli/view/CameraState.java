package dev.facemask.cli.view;

import dev.facemask.schema.Detection;
import dev.facemask.schema.Frame;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the view knows about one camera: the frames not yet answered (to join a detection to its
 * image by sequence), the latest detections, and the rate and latency of the last two seconds.
 * Not thread-safe: {@link LiveState} guards it.
 */
final class CameraState {

    /** Frames kept while their detection is pending: the job answers up to one checkpoint later. */
    static final long FRAME_BUDGET_BYTES = 64L * 1024 * 1024;
    /** Detections kept for Grad-CAM requests that arrive after a newer detection. */
    static final int RECENT_DETECTIONS = 8;
    static final long RATE_WINDOW_MILLIS = 2_000;

    private final Map<Long, Frame> frames = new LinkedHashMap<>();
    private long frameBytes;
    private final Map<Long, Detection> recent = new LinkedHashMap<>();
    private final Deque<Long> captureTimes = new ArrayDeque<>();
    private Detection latest;
    private long detections;

    void addFrame(Frame frame) {
        Frame old = frames.put(frame.getSequence(), frame);
        frameBytes += frame.getImage().remaining() - (old == null ? 0 : old.getImage().remaining());
        Iterator<Frame> oldest = frames.values().iterator();
        while (frameBytes > FRAME_BUDGET_BYTES && oldest.hasNext()) {
            frameBytes -= oldest.next().getImage().remaining();
            oldest.remove();
        }
    }

    void addDetection(Detection d) {
        detections++;
        recent.put(d.getSequence(), d);
        if (recent.size() > RECENT_DETECTIONS) {
            recent.remove(recent.keySet().iterator().next());
        }
        if (latest == null || d.getSequence() >= latest.getSequence()) {
            latest = d;
            // Sequences increase per camera: older frames will not be answered any more.
            frames.entrySet().removeIf(e -> {
                boolean stale = e.getKey() < d.getSequence();
                if (stale) {
                    frameBytes -= e.getValue().getImage().remaining();
                }
                return stale;
            });
        }
        long t = d.getCaptureTime().toEpochMilli();
        captureTimes.addLast(t);
        while (!captureTimes.isEmpty() && captureTimes.peekFirst() < t - RATE_WINDOW_MILLIS) {
            captureTimes.removeFirst();
        }
    }

    Optional<Detection> latest() {
        return Optional.ofNullable(latest);
    }

    Optional<Detection> detection(long sequence) {
        return Optional.ofNullable(recent.get(sequence));
    }

    Optional<Frame> frame(long sequence) {
        return Optional.ofNullable(frames.get(sequence));
    }

    long detections() {
        return detections;
    }

    /** Frames per second by capture time over the last two seconds: the rate the job answers this camera. */
    double framesPerSecond() {
        if (captureTimes.size() < 2) {
            return 0;
        }
        long span = captureTimes.peekLast() - captureTimes.peekFirst();
        return span <= 0 ? 0 : (captureTimes.size() - 1) * 1000.0 / span;
    }
}
