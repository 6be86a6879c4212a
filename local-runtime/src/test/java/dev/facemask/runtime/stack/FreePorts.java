package dev.facemask.runtime.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports free on 127.0.0.1 right now, so a test stack never collides with one on the default ports. */
public final class FreePorts {
    private FreePorts() {}

    public static int[] take(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                socket.bind(new InetSocketAddress(StackLayout.HOST, 0));
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a probe socket cannot matter
                }
            }
        }
    }

    /**
     * The first of {@code count} consecutive ports free right now: the metrics ports of a stack (JobManager,
     * then one per TaskManager) are consecutive.
     */
    public static int consecutive(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = take(1)[0];
            if (first + count - 1 <= 65535 && allFree(first + 1, first + count - 1)) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports found on " + StackLayout.HOST);
    }

    private static boolean allFree(int from, int to) {
        for (int port = from; port <= to; port++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(StackLayout.HOST, port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
