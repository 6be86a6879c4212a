package dev.facemask.trainer.evaluate;

import dev.facemask.inference.BatchPredictor;
import dev.facemask.inference.SharedModel;
import dev.facemask.vision.model.ModelMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Entry point of {@code ./detector evaluate}: model folder and test set in, report files out. */
public final class Evaluation {

    private Evaluation() {}

    /**
     * Loads the model (shared per JVM), evaluates the test set and writes {@code report.json},
     * {@code report.md} and {@code predictions.png} into the output folder.
     *
     * @throws dev.facemask.inference.InvalidModelException when the model folder is unusable
     * @throws IllegalArgumentException when no test image could be read
     */
    public static EvaluationResult run(EvaluationOptions options) throws IOException {
        try (SharedModel.Lease lease = SharedModel.acquire(options.modelDir())) {
            return run(options, lease.predictor(), lease.metadata());
        }
    }

    /** Evaluates with a predictor the caller already holds, for example right after training. */
    public static EvaluationResult run(EvaluationOptions options, BatchPredictor predictor, ModelMetadata metadata)
            throws IOException {
        Evaluator evaluator = new Evaluator(predictor, metadata.preprocessor(), options.batchSize(),
                options.iouConvention());
        long start = System.nanoTime();
        Evaluator.Run run = evaluator.run(options.samples(), options.progress());
        double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        if (run.outcomes().isEmpty()) {
            throw new IllegalArgumentException("None of the " + options.samples().size()
                    + " test images could be read; first: " + run.skipped().get(0).image() + " ("
                    + run.skipped().get(0).reason() + ")");
        }
        EvaluationMetrics metrics = MetricsCalculator.compute(run.outcomes(), metadata.classes());
        EvaluationReport report = new EvaluationReport(metadata.name(), metadata.version(),
                options.modelDir().toAbsolutePath().toString(), metadata.classes(), options.samples().size(), metrics,
                run.skipped(), run.outcomes().size() / seconds, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return write(report, run.outcomes(), options);
    }

    private static EvaluationResult write(EvaluationReport report, List<SampleOutcome> outcomes,
            EvaluationOptions options) throws IOException {
        Path json = options.outputDir().resolve(EvaluationReport.JSON_FILE);
        Path markdown = options.outputDir().resolve(EvaluationReport.MARKDOWN_FILE);
        ReportWriter.writeJson(report, json);
        ReportWriter.writeMarkdown(report, markdown);
        Path grid = null;
        if (options.gridImages() > 0) {
            grid = options.outputDir().resolve(EvaluationReport.GRID_FILE);
            List<SampleOutcome> shown = outcomes.subList(0, Math.min(outcomes.size(), options.gridImages()));
            new PredictionGrid(report.classes(), options.gridColumns(), options.gridCellSize()).write(shown, grid);
        }
        return new EvaluationResult(report, json, markdown, grid);
    }
}
