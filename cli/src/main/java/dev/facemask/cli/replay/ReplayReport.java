package dev.facemask.cli.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.facemask.trainer.evaluate.EvaluationMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The replay's findings: the same metrics as {@code evaluate}, computed from streamed detections,
 * plus latency, throughput, accounting and the comparison with the offline evaluation.
 *
 * @param frames frames published
 * @param detections detections received
 * @param deadLetters dead letters received, by kind
 * @param lost frames with neither
 * @param duplicates results received twice
 * @param streaming metrics from streamed detections
 * @param offline metrics of the offline evaluation of the same images, or null if not run
 * @param equalToOffline every image got the same class and a box within {@code tolerance} of offline
 * @param maxBoxDifference largest coordinate difference between a streamed and an offline box
 * @param tolerance allowed coordinate difference
 * @param latency end-to-end latency, capture to detection
 * @param framesPerSecond detections per second from the first frame sent to the last detection
 * @param everyFace a dense model's every-face mAP, stream vs offline; null for a single-head model
 */
public record ReplayReport(
        int frames,
        int detections,
        Map<String, Integer> deadLetters,
        int lost,
        int duplicates,
        EvaluationMetrics streaming,
        EvaluationMetrics offline,
        boolean equalToOffline,
        double maxBoxDifference,
        double tolerance,
        LatencyStats latency,
        double framesPerSecond,
        EveryFaceComparison everyFace) {

    public static final String JSON_FILE = "report.json";
    public static final String MARKDOWN_FILE = "report.md";
    public static final String LATENCY_FILE = "latency.png";
    public static final String GRID_FILE = "predictions.png";

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(JSON_FILE).toFile(), this);
        Files.writeString(dir.resolve(MARKDOWN_FILE), markdown());
    }

    /** One line for the console. */
    public String headline() {
        if (everyFace != null) {
            // A dense model's single-face figures score its strongest face against an image's first
            // label only; the every-face line printed after this one is the measure.
            return String.format(Locale.ROOT,
                    "%d frames -> %d detections, %d dead letters, %d lost, %d duplicates | latency p50 %.0f / p95 %.0f"
                            + " / p99 %.0f ms | %.1f frames/s", frames, detections,
                    deadLetters.values().stream().mapToInt(Integer::intValue).sum(), lost, duplicates, latency.p50(),
                    latency.p95(), latency.p99(), framesPerSecond);
        }
        return String.format(Locale.ROOT,
                "%d frames -> %d detections, %d dead letters, %d lost, %d duplicates | accuracy %.3f | mean IoU %.3f | mAP@0.5 %.3f"
                        + " | latency p50 %.0f / p95 %.0f / p99 %.0f ms | %.1f frames/s | %s",
                frames, detections, deadLetters.values().stream().mapToInt(Integer::intValue).sum(), lost, duplicates,
                streaming.accuracy(), streaming.meanIou(), streaming.map50(), latency.p50(), latency.p95(), latency.p99(),
                framesPerSecond, offline == null ? "offline not compared"
                        : equalToOffline ? "equal to offline evaluation" : "DIFFERS from offline evaluation");
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Replay report\n\n");
        if (everyFace != null) {
            md.append(String.format(Locale.ROOT, "Every face: mAP@0.5 **%.3f** streamed, %.3f offline; mAP@[.5:.95] %.3f"
                    + " streamed, %.3f offline; %d faces streamed, %d offline; stream equals offline: **%s**.%n%n"
                    + "The table below scores only the strongest face against each image's first label.%n%n",
                    everyFace.streamMap50(), everyFace.offlineMap50(), everyFace.streamMap50to95(),
                    everyFace.offlineMap50to95(), everyFace.streamFaces(), everyFace.offlineFaces(),
                    everyFace.equal() ? "yes" : "no"));
        }
        md.append("| | streaming | offline |\n|---|---|---|\n");
        row(md, "accuracy", streaming.accuracy(), offline == null ? null : offline.accuracy());
        row(md, "mean IoU", streaming.meanIou(), offline == null ? null : offline.meanIou());
        row(md, "median IoU", streaming.medianIou(), offline == null ? null : offline.medianIou());
        row(md, "IoU >= 0.5", streaming.iouAtLeast50(), offline == null ? null : offline.iouAtLeast50());
        row(md, "mAP@0.5", streaming.map50(), offline == null ? null : offline.map50());
        md.append(String.format(Locale.ROOT, "%nStreaming equals offline: **%s** (max box difference %.2e, tolerance %.0e).%n",
                offline == null ? "not compared" : equalToOffline ? "yes" : "no", maxBoxDifference, tolerance));
        md.append(String.format(Locale.ROOT, "%n| frames | detections | dead letters | lost | duplicates |%n|---|---|---|---|---|%n| %d | %d | %s | %d | %d |%n",
                frames, detections, deadLetters, lost, duplicates));
        md.append(String.format(Locale.ROOT, "%n| latency p50 | p95 | p99 | max | throughput |%n|---|---|---|---|---|%n| %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.1f frames/s |%n",
                latency.p50(), latency.p95(), latency.p99(), latency.max(), framesPerSecond));
        md.append("\n![latency](" + LATENCY_FILE + ")\n\n![predictions](" + GRID_FILE + ")\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String name, double streaming, Double offline) {
        md.append(String.format(Locale.ROOT, "| %s | %.4f | %s |%n", name, streaming,
                offline == null ? "-" : String.format(Locale.ROOT, "%.4f", offline)));
    }
}
