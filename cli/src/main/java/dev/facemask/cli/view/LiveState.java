package dev.facemask.cli.view;

import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.Frame;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Everything the page shows, fed by {@link TopicFeed} and read by {@link EventPush} and the HTTP
 * handlers: per camera the latest detection and its frame, the count series, and dead letters by
 * kind. Cameras changed since the last {@link #takeChanged} are remembered as a set, so a burst of
 * detections for one camera becomes one update: the page gets the newest, never a backlog.
 */
final class LiveState {

    private final Map<String, CameraState> cameras = new TreeMap<>();
    private final Set<String> changed = new LinkedHashSet<>();
    private final CountSeries series = new CountSeries();
    private final Map<String, Long> deadLetters = new TreeMap<>();
    private long unreadable;
    private boolean statsChanged;

    synchronized void onFrame(Frame frame) {
        CameraState camera = camera(frame.getCameraId());
        camera.addFrame(frame);
        // The frame of the detection on show may come after it: draw it now.
        if (camera.latest().map(d -> d.getSequence() == frame.getSequence()).orElse(false)) {
            markChanged(frame.getCameraId());
        }
    }

    synchronized void onDetection(Detection d) {
        camera(d.getCameraId()).addDetection(d);
        series.add(d.getCaptureTime().toEpochMilli(), d.getMaskedCount(), d.getUnmaskedCount(), d.getIncorrectlyMaskedCount());
        statsChanged = true;
        markChanged(d.getCameraId());
    }

    synchronized void onDeadLetter(DeadLetter letter) {
        deadLetters.merge(letter.getKind().name(), 1L, Long::sum);
        statsChanged = true;
        notifyAll();
    }

    synchronized void onUnreadable() {
        unreadable++;
        statsChanged = true;
        notifyAll();
    }

    /** Waits up to {@code millis} for a change; returns at once when one is pending. */
    synchronized void awaitChange(long millis) throws InterruptedException {
        if (changed.isEmpty() && !statsChanged) {
            wait(millis);
        }
    }

    /** The cameras changed since the last call, and forgets them. */
    synchronized List<String> takeChanged() {
        List<String> out = List.copyOf(changed);
        changed.clear();
        return out;
    }

    synchronized boolean takeStatsChanged() {
        boolean out = statsChanged;
        statsChanged = false;
        return out;
    }

    synchronized List<String> cameraIds() {
        return List.copyOf(cameras.keySet());
    }

    /** Reads one camera under the lock; empty when the camera is unknown. */
    synchronized <T> Optional<T> withCamera(String id, Function<CameraState, T> read) {
        CameraState camera = cameras.get(id);
        return camera == null ? Optional.empty() : Optional.ofNullable(read.apply(camera));
    }

    synchronized List<CountSeries.Bucket> series() {
        return series.buckets();
    }

    /** By kind, in name order. */
    synchronized Map<String, Long> deadLetters() {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(deadLetters));
    }

    synchronized long unreadable() {
        return unreadable;
    }

    private CameraState camera(String id) {
        return cameras.computeIfAbsent(id, k -> new CameraState());
    }

    private void markChanged(String camera) {
        changed.add(camera);
        notifyAll();
    }
}
