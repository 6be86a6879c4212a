package dev.facemask.cli.stack;

import dev.facemask.runtime.stack.StackLayout;
import dev.facemask.runtime.stack.StackStatus;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints a {@link StackStatus} as the table {@code stack status} and {@code stack up} show. */
final class StackStatusPrinter {
    private StackStatusPrinter() {}

    static void print(StackStatus status, StackLayout layout, PrintWriter out) {
        out.printf(Locale.ROOT, "%-14s %-5s %-8s %s%n", "PROCESS", "STATE", "PID", "ENDPOINT");
        for (StackStatus.ProcessStatus p : status.processes()) {
            String endpoint = p.endpoint().isEmpty() ? "-" : p.endpoint() + (p.portOpen() ? "" : " (not answering)");
            out.printf(Locale.ROOT, "%-14s %-5s %-8s %s%n", p.process().id(), p.up() ? "up" : "down",
                    p.pid().isPresent() ? Long.toString(p.pid().getAsLong()) : "-", endpoint);
        }
        if (!status.noneUp()) {
            out.println();
            out.println("Kafka bootstrap servers: " + status.bootstrapServers());
            out.println("Flink REST and web UI:   " + status.restUrl());
            out.println("Prometheus metrics:      " + String.join(" ", status.metricsUrls()));
            out.println("Logs:                    " + layout.logsDir());
        }
    }
}
