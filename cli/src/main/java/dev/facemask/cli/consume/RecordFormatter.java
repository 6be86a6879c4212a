package dev.facemask.cli.consume;

import dev.facemask.schema.Box;
import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;

/** Human-readable one-line forms of detections and dead letters. */
public final class RecordFormatter {

    private RecordFormatter() {}

    public static String line(Detection d) {
        Box p = d.getBoxPixels();
        long latency = d.getProcessingTime().toEpochMilli() - d.getCaptureTime().toEpochMilli();
        return String.format("%-10s #%-6d %-8s %5.1f%%  box [%4.0f,%4.0f,%4.0f,%4.0f] px  batch %d  %5.1f ms model  %5d ms end-to-end%s%s",
                d.getCameraId(), d.getSequence(), d.getClassLabel(), 100 * d.getScore(),
                p.getXMin(), p.getYMin(), p.getXMax(), p.getYMax(), d.getBatchSize(), d.getInferenceMillis(), latency,
                d.getGradCam() == null ? "" : "  grad-cam " + d.getGradCam().getWidth() + "x" + d.getGradCam().getHeight(),
                d.getSourceName() == null ? "" : "  " + d.getSourceName());
    }

    public static String line(DeadLetter l) {
        return String.format("%-10s #%-6s DEAD-LETTER %s at %s: %s (%d bytes)",
                l.getCameraId() == null ? "?" : l.getCameraId(), l.getSequence() == null ? "?" : l.getSequence(),
                l.getKind(), l.getStage(), l.getMessage(), l.getPayload().remaining());
    }
}
