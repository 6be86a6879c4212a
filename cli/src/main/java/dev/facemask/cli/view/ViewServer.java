package dev.facemask.cli.view;

import dev.facemask.schema.Detection;
import dev.facemask.schema.Frame;
import dev.facemask.schema.ImageEncoding;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The live view: a Javalin server for one page, its script and style (all from the jar, nothing
 * from the internet), a server-sent event stream of the live state, and each camera's current frame
 * and Grad-CAM image on request.
 *
 * <pre>{@code
 * try (ViewServer view = ViewServer.start(ViewOptions.local(kafkaProperties))) {
 *     System.out.println("Live view at " + view.url());
 * }
 * }</pre>
 */
public final class ViewServer implements AutoCloseable {

    /** Scripts, styles, images and event streams from this origin only. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final LiveState state = new LiveState();
    private final TopicFeed feed;
    private final EventPush push;
    private final Javalin app;
    private final String host;

    private ViewServer(ViewOptions options) {
        this.feed = new TopicFeed(options.kafka(), options.topics(), options.fromBeginning(), state);
        this.push = new EventPush(state);
        this.host = options.bind();
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = options.bind();
            config.jetty.port = options.port();
            config.routes.before(ctx -> ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer"));
            config.routes.get("/", ctx -> asset(ctx, "index.html", "text/html; charset=utf-8"));
            config.routes.get("/view.js", ctx -> asset(ctx, "view.js", "text/javascript; charset=utf-8"));
            config.routes.get("/view.css", ctx -> asset(ctx, "view.css", "text/css; charset=utf-8"));
            config.routes.sse("/events", push::join);
            config.routes.get("/frame", this::frame);
            config.routes.get("/gradcam", this::gradCam);
        });
    }

    /**
     * Starts reading the topics (from their end unless asked otherwise) and serving the page.
     *
     * @throws IllegalArgumentException when a topic does not exist
     */
    public static ViewServer start(ViewOptions options) {
        ViewServer server = new ViewServer(options);
        try {
            server.app.start();
        } catch (RuntimeException e) {
            server.closeQuietly();
            throw new IllegalStateException("Cannot serve the live view on " + options.bind() + ":" + options.port()
                    + ": " + e.getMessage() + " (is the port in use? try --port)", e);
        }
        return server;
    }

    /** The page's address, for example {@code http://127.0.0.1:8080/}. */
    public String url() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + app.port() + "/";
    }

    /** Pages connected to the event stream now. */
    public int pages() {
        return push.clients();
    }

    private static void asset(Context ctx, String name, String contentType) {
        InputStream in = ViewServer.class.getResourceAsStream("/view/" + name);
        if (in == null) {
            throw new IllegalStateException("The jar lacks /view/" + name);
        }
        ctx.contentType(contentType).result(in);
    }

    private void frame(Context ctx) {
        Optional<Frame> frame = lookup(ctx).flatMap(k -> state.withCamera(k.camera, c -> c.frame(k.sequence).orElse(null)));
        if (frame.isEmpty()) {
            ctx.status(404).result("That frame is no longer held: the view keeps the frames of the newest detections only");
            return;
        }
        byte[] bytes = new byte[frame.get().getImage().remaining()];
        frame.get().getImage().duplicate().get(bytes);
        ImageEncoding encoding = frame.get().getEncoding();
        String type = encoding == ImageEncoding.JPEG ? "image/jpeg" : encoding == ImageEncoding.PNG ? "image/png"
                : "application/octet-stream";
        ctx.header("Cache-Control", "no-store").contentType(type).result(bytes);
    }

    private void gradCam(Context ctx) throws IOException {
        Optional<Key> key = lookup(ctx);
        Optional<Detection> detection = key.flatMap(k -> state.withCamera(k.camera, c -> c.detection(k.sequence).orElse(null)));
        Optional<Frame> frame = key.flatMap(k -> state.withCamera(k.camera, c -> c.frame(k.sequence).orElse(null)));
        if (detection.isEmpty() || frame.isEmpty()) {
            ctx.status(404).result("No such detection or frame held");
            return;
        }
        Optional<byte[]> png = GradCamImage.heatmap(detection.get()).isEmpty() ? Optional.empty()
                : GradCamImage.render(frame.get(), GradCamImage.heatmap(detection.get()).get());
        if (png.isEmpty()) {
            ctx.status(404).result("That detection carries no drawable Grad-CAM heatmap");
            return;
        }
        ctx.header("Cache-Control", "no-store").contentType("image/png").result(png.get());
    }

    private record Key(String camera, long sequence) {}

    private static Optional<Key> lookup(Context ctx) {
        String camera = ctx.queryParam("camera");
        String sequence = ctx.queryParam("sequence");
        if (camera == null || sequence == null || !sequence.matches("-?\\d{1,19}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Key(camera, Long.parseLong(sequence)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Ends the pages' event streams while the server still runs (Jetty then finishes each response), then stops. */
    @Override
    public void close() {
        try {
            push.close();
            app.stop();
            feed.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly() {
        try {
            push.close();
            feed.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
