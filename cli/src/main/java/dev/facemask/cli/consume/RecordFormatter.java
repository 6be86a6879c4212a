package dev.facemask.cli.consume;

import dev.facemask.schema.Box;
import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.Face;
import java.util.Locale;

/** Human-readable one-line forms of detections and dead letters. */
public final class RecordFormatter {

    private RecordFormatter() {}

    public static String line(Detection d) {
        long latency = d.getProcessingTime().toEpochMilli() - d.getCaptureTime().toEpochMilli();
        if (d.getFaces().size() > 1 || (d.getFaces().isEmpty() && d.getFaceCount() == 0 && d.getScore() < 0.5f)) {
            return facesLine(d, latency);
        }
        Box p = d.getBoxPixels();
        return String.format("%-10s #%-6d %-8s %5.1f%%  box [%4.0f,%4.0f,%4.0f,%4.0f] px  batch %d  %5.1f ms model  %5d ms end-to-end%s%s",
                d.getCameraId(), d.getSequence(), d.getClassLabel(), 100 * d.getScore(),
                p.getXMin(), p.getYMin(), p.getXMax(), p.getYMax(), d.getBatchSize(), d.getInferenceMillis(), latency,
                d.getGradCam() == null ? "" : "  grad-cam " + d.getGradCam().getWidth() + "x" + d.getGradCam().getHeight(),
                d.getSourceName() == null ? "" : "  " + d.getSourceName());
    }

    /** Every face of a dense model's detection: the counts per class, then each face's label, score and box. */
    private static String facesLine(Detection d, long latency) {
        StringBuilder faces = new StringBuilder();
        for (Face f : d.getFaces()) {
            Box b = f.getBoxPixels();
            faces.append(String.format(Locale.ROOT, "  %s %.0f%% [%.0f,%.0f,%.0f,%.0f]", f.getClassLabel(),
                    100 * f.getScore(), b.getXMin(), b.getYMin(), b.getXMax(), b.getYMax()));
        }
        return String.format(Locale.ROOT, "%-10s #%-6d %d faces (masked %d, unmasked %d, worn incorrectly %d)  batch %d"
                + "  %5.1f ms model  %5d ms end-to-end%s%s", d.getCameraId(), d.getSequence(), d.getFaceCount(),
                d.getMaskedCount(), d.getUnmaskedCount(), d.getIncorrectlyMaskedCount(), d.getBatchSize(),
                d.getInferenceMillis(), latency, d.getSourceName() == null ? "" : "  " + d.getSourceName(), faces);
    }

    public static String line(DeadLetter l) {
        return String.format("%-10s #%-6s DEAD-LETTER %s at %s: %s (%d bytes)",
                l.getCameraId() == null ? "?" : l.getCameraId(), l.getSequence() == null ? "?" : l.getSequence(),
                l.getKind(), l.getStage(), l.getMessage(), l.getPayload().remaining());
    }
}
