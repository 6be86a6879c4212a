package dev.facemask.cli.view;

import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the live state to every open page as server-sent events, from one thread so a client never
 * sees two writes at once. Each round sends the newest detection of each camera that changed and,
 * at most twice a second, the counts: a camera at 30 frames/s whose detections arrive in bursts (one
 * per committed checkpoint) costs one event per round, not a backlog the page would fall behind on.
 */
final class EventPush implements AutoCloseable {

    /** At most about 60 rounds a second; a page draws at most that often anyway. */
    static final long MIN_ROUND_MILLIS = 16;
    static final long STATS_MILLIS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(EventPush.class);

    private final LiveState state;
    private final List<SseClient> clients = new CopyOnWriteArrayList<>();
    private final Queue<SseClient> joining = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private long lastStats;

    EventPush(LiveState state) {
        this.state = state;
        this.thread = new Thread(this::run, "view-event-push");
        thread.setDaemon(true);
        thread.start();
    }

    /** Keeps the page's event stream open; it gets the whole state on the next round, then changes. */
    void join(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        joining.add(client);
    }

    int clients() {
        return clients.size();
    }

    private void run() {
        while (running) {
            try {
                long start = System.currentTimeMillis();
                state.awaitChange(200);
                round();
                Thread.sleep(Math.max(0, MIN_ROUND_MILLIS - (System.currentTimeMillis() - start)));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Live view push failed; going on", e);
            }
        }
    }

    private void round() {
        for (SseClient c = joining.poll(); c != null; c = joining.poll()) {
            welcome(c);
        }
        for (String camera : state.takeChanged()) {
            cameraJson(camera).ifPresent(json -> clients.forEach(c -> send(c, "camera", json)));
        }
        long now = System.currentTimeMillis();
        if (now - lastStats >= STATS_MILLIS && state.takeStatsChanged()) {
            lastStats = now;
            String json = ViewJson.stats(state);
            clients.forEach(c -> send(c, "stats", json));
        }
    }

    /** A new page gets every camera's newest detection and the counts, then only changes. */
    private void welcome(SseClient client) {
        for (String camera : state.cameraIds()) {
            cameraJson(camera).ifPresent(json -> send(client, "camera", json));
        }
        send(client, "stats", ViewJson.stats(state));
        clients.add(client);
    }

    private Optional<String> cameraJson(String camera) {
        return state.withCamera(camera, cs -> ViewJson.camera(camera, cs)).flatMap(json -> json);
    }

    private void send(SseClient client, String event, String json) {
        if (client.terminated()) {
            clients.remove(client);
            return;
        }
        try {
            client.sendEvent(event, json);
        } catch (RuntimeException e) {
            // The page went away mid-write: forget it, the others go on.
            clients.remove(client);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
        for (SseClient client : clients) {
            try {
                client.close();
            } catch (RuntimeException e) {
                // Already gone: nothing to end.
            }
        }
        clients.clear();
    }
}
