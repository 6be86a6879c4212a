package dev.facemask.trainer.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code ./detector evaluate} reports, written as {@code report.json} and {@code report.md}.
 *
 * @param model model name from {@code model.json}
 * @param modelVersion model version from {@code model.json}
 * @param modelDir folder the model was loaded from
 * @param classes class names by index
 * @param requested test images asked for
 * @param metrics metrics over the evaluated images
 * @param skipped images that could not be read, with the reason
 * @param imagesPerSecond throughput of the whole run, reading and preprocessing included
 * @param createdAt ISO-8601 time of the evaluation
 * @param detection every-face metrics (APs, misses, false alarms), or null for a single-face-only
 *     evaluation; left out of {@code report.json} when null, so single-head reports read as before
 */
public record EvaluationReport(
        String model,
        String modelVersion,
        String modelDir,
        List<String> classes,
        int requested,
        EvaluationMetrics metrics,
        List<SkippedImage> skipped,
        double imagesPerSecond,
        String createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) DetectionSummary detection) {

    public static final String JSON_FILE = "report.json";
    public static final String MARKDOWN_FILE = "report.md";
    public static final String GRID_FILE = "predictions.png";

    public EvaluationReport {
        classes = List.copyOf(classes);
        skipped = List.copyOf(skipped);
    }

    /** A single-head report, without detection metrics. */
    public EvaluationReport(String model, String modelVersion, String modelDir, List<String> classes, int requested,
            EvaluationMetrics metrics, List<SkippedImage> skipped, double imagesPerSecond, String createdAt) {
        this(model, modelVersion, modelDir, classes, requested, metrics, skipped, imagesPerSecond, createdAt, null);
    }

    /** The same report with every-face detection metrics added. */
    public EvaluationReport withDetection(DetectionSummary summary) {
        return new EvaluationReport(model, modelVersion, modelDir, classes, requested, metrics, skipped,
                imagesPerSecond, createdAt, summary);
    }
}
