package dev.facemask.cli.demo;

import dev.facemask.cli.view.ViewOptions;
import dev.facemask.cli.view.ViewServer;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The live view the demo serves while it streams: on 127.0.0.1, at the asked port, or at a free one
 * when that is taken (a second demo, another server), so the demo never fails for its page.
 */
final class DemoView implements AutoCloseable {

    private final int port;
    private final Consumer<String> log;
    private ViewServer server;

    /** @param port the preferred port; -1 serves no view */
    DemoView(int port, Consumer<String> log) {
        this.port = port;
        this.log = log;
    }

    void start(Properties kafka) {
        if (port < 0) {
            return;
        }
        ViewOptions preferred = ViewOptions.local(kafka);
        preferred = new ViewOptions(kafka, preferred.topics(), preferred.bind(), port, false);
        try {
            server = ViewServer.start(preferred);
        } catch (IllegalStateException taken) {
            server = ViewServer.start(ViewOptions.local(kafka));
        }
        log.accept("Live view at " + server.url() + " (open it now: it is served while the demo runs)");
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
