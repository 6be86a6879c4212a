package dev.facemask.trainer.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes an {@link EvaluationReport} as {@code report.json} (Jackson) and {@code report.md} (tables). */
public final class ReportWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {}

    public static void writeJson(EvaluationReport report, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), report);
    }

    public static EvaluationReport readJson(Path file) throws IOException {
        return JSON.readValue(file.toFile(), EvaluationReport.class);
    }

    public static void writeMarkdown(EvaluationReport report, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, markdown(report));
    }

    /**
     * The Markdown text: summary, per-class table, confusion matrix, the every-face detection tables
     * when the report has them, skipped images.
     */
    public static String markdown(EvaluationReport report) {
        EvaluationMetrics m = report.metrics();
        StringBuilder md = new StringBuilder();
        md.append("# Evaluation of ").append(report.model()).append(' ').append(report.modelVersion()).append("\n\n");
        md.append("Model folder: `").append(report.modelDir()).append("`, evaluated ").append(report.createdAt())
                .append(".\n\n");
        md.append("| metric | value |\n|---|---|\n");
        row(md, "images evaluated", m.evaluated() + " of " + report.requested());
        row(md, "images skipped", Integer.toString(report.skipped().size()));
        row(md, "accuracy", f(m.accuracy()));
        row(md, "mean IoU", f(m.meanIou()));
        row(md, "median IoU", f(m.medianIou()));
        row(md, "share with IoU >= 0.5", f(m.iouAtLeast50()));
        row(md, "mAP@0.5", f(m.map50()));
        row(md, "images per second", String.format(Locale.ROOT, "%.1f", report.imagesPerSecond()));
        md.append("\n## Per class\n\n| class | support | predicted | precision | recall | AP@0.5 |\n|---|---|---|---|---|---|\n");
        for (ClassMetrics c : m.perClass()) {
            md.append("| ").append(c.label()).append(" | ").append(c.support()).append(" | ").append(c.predicted())
                    .append(" | ").append(f(c.precision())).append(" | ").append(f(c.recall())).append(" | ")
                    .append(f(c.averagePrecision())).append(" |\n");
        }
        appendConfusion(md, report);
        if (report.detection() != null) {
            DetectionMarkdown.append(md, report.detection());
        }
        if (!report.skipped().isEmpty()) {
            md.append("\n## Skipped images\n\n| image | reason |\n|---|---|\n");
            for (SkippedImage s : report.skipped()) {
                md.append("| `").append(s.image()).append("` | ").append(s.reason()).append(" |\n");
            }
        }
        return md.toString();
    }

    private static void appendConfusion(StringBuilder md, EvaluationReport report) {
        md.append("\n## Confusion matrix (rows: true class, columns: predicted)\n\n| true \\ predicted |");
        for (String label : report.classes()) {
            md.append(' ').append(label).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(report.classes().size())).append('\n');
        int[][] confusion = report.metrics().confusion();
        for (int t = 0; t < confusion.length; t++) {
            md.append("| ").append(report.classes().get(t)).append(" |");
            for (int count : confusion[t]) {
                md.append(' ').append(count).append(" |");
            }
            md.append('\n');
        }
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
