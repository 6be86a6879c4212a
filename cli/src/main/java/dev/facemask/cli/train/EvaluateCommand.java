package dev.facemask.cli.train;

import dev.facemask.cli.exit.ExitException;
import dev.facemask.cli.io.WriterOutputStream;
import dev.facemask.inference.Precision;
import dev.facemask.inference.Prediction;
import dev.facemask.job.options.PrecisionConverter;
import dev.facemask.trainer.evaluate.DenseEvaluator;
import dev.facemask.trainer.evaluate.DenseReportWriter;
import dev.facemask.trainer.evaluate.PrecisionRecallChart;
import dev.facemask.trainer.pipeline.DenseTrainingPipeline;
import dev.facemask.trainer.pipeline.FaceCropFiles;
import dev.facemask.trainer.pipeline.FaceCropOptions;
import dev.facemask.trainer.pipeline.FaceCropper;
import dev.facemask.vision.dataset.LabeledImage;
import dev.facemask.vision.evaluate.ClassScoring;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.inference.SharedModel;
import dev.facemask.trainer.evaluate.Evaluation;
import dev.facemask.trainer.evaluate.EvaluationMetrics;
import dev.facemask.trainer.evaluate.EvaluationOptions;
import dev.facemask.trainer.evaluate.EvaluationResult;
import dev.facemask.trainer.evaluate.IouConvention;
import dev.facemask.trainer.evaluate.LabeledSample;
import dev.facemask.trainer.explain.GradCamRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code detector evaluate}: accuracy, IoU and mAP on a held-out split, as JSON, Markdown and PNG. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a model on a split: accuracy, precision/recall, confusion matrix, IoU, mAP@0.5.")
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    EvaluatedSplit target;

    @Option(names = "--report", paramLabel = "DIR", description = "Where report.json, report.md and predictions.png go. Default: <model>-report.")
    Path report;

    @Option(names = "--gradcam", defaultValue = "0", paramLabel = "N", description = "Also write N Grad-CAM overlays into <report>/gradcam.")
    int gradcam;

    @Option(names = "--iou-convention", defaultValue = "continuous", paramLabel = "continuous|notebook",
            description = {"continuous: exact overlap on the original image (default).",
                "notebook: the seed notebook's IoU, on integer pixels of the padded input with +1 on each extent, "
                + "so figures compare with the notebook's."})
    IouConvention iouConvention;

    @Option(names = "--precision", defaultValue = "fp32", converter = PrecisionConverter.class, paramLabel = "fp32|bf16",
            description = {"Arithmetic the model runs in: fp32 as exported (default), or bf16 (oneDNN's automatic "
                + "mixed precision). `bench precision` compares both in one run."})
    Precision precision;

    @Option(names = "--class-scoring", converter = ClassScoringConverter.class, paramLabel = "top|every",
            description = {"Every-face models: which class lists a face enters for the per-class APs.",
                "top: its most probable class only, as the stream shows it.",
                "every: also every other class, at that class's score (multi-label, as YOLOv5's validation); "
                + "misses and false alarms count each face once either way.",
                "Default: the one train and replay use, ${DEFAULT-VALUE}."})
    ClassScoring classScoring = ClassScoring.DEFAULT;

    @Option(names = "--face-crops", description = "Single-face models: evaluate on one crop around each face of the"
            + " split's multi-face photos (written to <report>/face-crops) instead of its single-face photos, so that"
            + " every face of at least --face-crop-min-size pixels counts, not only the photos that show one face.")
    boolean faceCrops;

    @Mixin
    FaceCropArgs faceCropArgs;

    @Override
    public Integer call() throws Exception {
        Path model = target.model();
        String split = target.splitName();
        target.split(); // an unknown split name fails before the model loads
        Path out = report != null ? report : model.resolveSibling(model.getFileName() + "-report");
        if (ModelMetadata.read(model).dense()) {
            if (faceCrops) {
                throw ExitException.usage("--face-crops is for single-face models: " + model
                        + " finds every face of every photo itself");
            }
            return evaluateEveryFace(out);
        }
        PrintWriter w = spec.commandLine().getOut();
        List<LabeledSample> samples = faceCrops ? faceCropSamples(out, w) : target.samples();
        w.printf("Evaluating %s on the %s split of %s (%d %s)%s%n", model, split, target.data(), samples.size(),
                faceCrops ? "face crops" : "images", inPrecision());
        w.flush();
        try (SharedModel.Lease lease = SharedModel.acquire(model, precision)) {
            EvaluationResult result = Evaluation.run(EvaluationOptions.builder().modelDir(model).samples(samples)
                    .outputDir(out).iouConvention(iouConvention).build(), lease.predictor(), lease.metadata());
            if (iouConvention != IouConvention.CONTINUOUS) {
                w.printf("IoU convention: %s%n", iouConvention.id());
            }
            print(w, result);
            for (int i = 0; i < Math.min(gradcam, samples.size()); i++) {
                Path image = samples.get(i).image();
                Path png = Files.createDirectories(out.resolve("gradcam")).resolve(stem(image) + "-gradcam.png");
                GradCamRunner.run(lease.predictor(), lease.metadata(), image, png);
            }
            if (gradcam > 0) {
                w.printf("Grad-CAM overlays: %s%n", out.resolve("gradcam"));
            }
        }
        return 0;
    }

    private List<LabeledSample> faceCropSamples(Path out, PrintWriter w) throws IOException {
        FaceCropOptions options = faceCropArgs.options(true).orElseThrow();
        List<LabeledImage> photos = target.multiFacePhotos();
        PrintStream progress = new PrintStream(new WriterOutputStream(w), true);
        FaceCropFiles.Written crops = FaceCropFiles.write(photos, new FaceCropper(options), target.splitSeed(),
                out.resolve("face-crops"), progress);
        crops.skipped().forEach(s -> w.println("skipped unreadable image " + s));
        int faces = photos.stream().mapToInt(p -> p.annotations().size()).sum();
        w.printf("Face crops: %d of the %d faces in the %d multi-face photos of the split (faces under %d px or crowded"
                + " by others left out)%n", crops.samples().size(), faces, photos.size(), options.minFacePixels());
        if (crops.samples().isEmpty()) {
            throw new IllegalArgumentException("No face of the " + target.splitName() + " split's multi-face photos"
                    + " could be cropped: try a smaller --face-crop-min-size");
        }
        return crops.samples();
    }

    /** A dense model: every face of every image of the split, scored by VOC and COCO mAP. */
    private int evaluateEveryFace(Path out) throws Exception {
        Path model = target.model();
        String split = target.splitName();
        List<LabeledImage> images = target.allFaces();
        PrintWriter w = spec.commandLine().getOut();
        w.printf("Evaluating %s on every face of the %s split of %s (%d images)%s%n", model, split, target.data(), images.size(),
                inPrecision());
        w.flush();
        try (SharedModel.Lease lease = SharedModel.acquire(model, precision)) {
            ModelMetadata meta = lease.metadata();
            DenseEvaluator evaluator = new DenseEvaluator(meta.preprocessor(),
                    batch -> lease.predictor().predict(batch, false).stream().map(Prediction::faces).toList(),
                    meta.classes().size(), 16, classScoring);
            DenseEvaluator.Result result = evaluator.run(images);
            w.println(DenseTrainingPipeline.summary(split, result.metrics(), meta.classes().size()));
            w.println(DenseTrainingPipeline.anyClassSummary(result.anyClass()));
            w.print(DenseTrainingPipeline.topClassSummary(result));
            w.println(result.classConfusion().lines(meta.classes()));
            w.println(result.recallBySize().lines(meta.classes()));
            result.skipped().forEach(s -> w.printf("skipped %s%n", s));
            Path json = DenseReportWriter.write(result, meta.name(), split, meta.classes(), meta.decodeOptions(), out);
            w.printf("Report: %s, %s, %s, %s%n", json, out.resolve("report.md"), out.resolve(PrecisionRecallChart.FILE),
                    out.resolve(DenseReportWriter.GRID_FILE));
        }
        return 0;
    }

    private String inPrecision() {
        return precision == Precision.FP32 ? "" : " in " + precision;
    }

    static void print(PrintWriter w, EvaluationResult result) {
        EvaluationMetrics m = result.report().metrics();
        w.printf(Locale.ROOT, "accuracy %.3f (the majority class alone %.3f) | mean IoU %.3f | median IoU %.3f | IoU>=0.5 %.1f%% | mAP@0.5 %.3f | %d images, %d skipped%n",
                m.accuracy(), m.majorityAccuracy(), m.meanIou(), m.medianIou(), 100 * m.iouAtLeast50(), m.map50(), m.evaluated(),
                result.report().skipped().size());
        result.report().skipped().forEach(s -> w.printf("skipped %s: %s%n", s.image(), s.reason()));
        w.printf("Report: %s, %s%s%n", result.json(), result.markdown(), result.grid() == null ? "" : ", " + result.grid());
        w.flush();
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }
}
